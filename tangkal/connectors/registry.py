"""Every platform is a folder here with a `connector.py` defining CONNECTOR; this finds them."""

from __future__ import annotations

import pkgutil
from functools import cache
from importlib import import_module
from pathlib import Path

from tangkal.connectors.base import Connector, PostCheck

# The order people see them in; a new folder not listed here is shown last.
PREFERRED_ORDER = ["instagram", "tiktok", "x", "facebook", "youtube"]


@cache
def connectors() -> dict[str, Connector]:
    found: dict[str, Connector] = {}
    package_dir = Path(__file__).parent
    for info in pkgutil.iter_modules([str(package_dir)]):
        if not info.ispkg or not (package_dir / info.name / "connector.py").exists():
            continue
        module = import_module(f"tangkal.connectors.{info.name}.connector")
        connector = module.CONNECTOR
        found[connector.code] = connector
    order = {code: i for i, code in enumerate(PREFERRED_ORDER)}
    return dict(sorted(found.items(), key=lambda item: (order.get(item[0], 99), item[0])))


def get(platform: str) -> Connector:
    return connectors()[platform]


def choices() -> list[tuple[str, str]]:
    return [(code, c.label) for code, c in connectors().items()]


def post_url_check(url: str, account) -> PostCheck:
    return get(account.platform).post_url_check(url, account)


def post_url_belongs_to(url: str, account) -> bool:
    """True when `url` is a post URL that names `account` (a SocialAccount or anything with
    platform/handle/platform_id). Short links that do not name their author give False;
    use `post_url_check` to tell "no" from "unknown"."""
    return get(account.platform).post_url_belongs_to(url, account)
