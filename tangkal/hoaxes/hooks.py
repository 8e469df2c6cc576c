"""Extension points for claim matching (owned by the matching app, which registers at start-up).

- `register_report_matcher(fn)`: `fn(report)` is called for every new report after it is stored
  and clustered. A matcher that finds an existing clarification calls
  `tangkal.hoaxes.services.report_link_clarification(report=..., clarification=..., confident=...)`.
- `register_text_checker(fn)`: `fn(text) -> Clarification | None`, used by the Telegram bot to
  answer a forwarded message at once. The first checker that returns a clarification wins.

A failing hook is logged and skipped: matching must never lose a report.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

logger = logging.getLogger(__name__)

_REPORT_MATCHERS: list[Callable[[Any], Any]] = []
_TEXT_CHECKERS: list[Callable[[str], Any]] = []


def register_report_matcher(fn: Callable[[Any], Any]) -> Callable[[Any], Any]:
    if fn not in _REPORT_MATCHERS:
        _REPORT_MATCHERS.append(fn)
    return fn


def unregister_report_matcher(fn: Callable[[Any], Any]) -> None:
    if fn in _REPORT_MATCHERS:
        _REPORT_MATCHERS.remove(fn)


def register_text_checker(fn: Callable[[str], Any]) -> Callable[[str], Any]:
    if fn not in _TEXT_CHECKERS:
        _TEXT_CHECKERS.append(fn)
    return fn


def unregister_text_checker(fn: Callable[[str], Any]) -> None:
    if fn in _TEXT_CHECKERS:
        _TEXT_CHECKERS.remove(fn)


def match_report(report) -> None:
    for matcher in list(_REPORT_MATCHERS):
        try:
            matcher(report)
        except Exception:
            logger.exception("report matcher failed", extra={"matcher": getattr(matcher, "__name__", "?")})


def check_text(text: str):
    """The published clarification a registered checker finds for `text`, or None."""
    for checker in list(_TEXT_CHECKERS):
        try:
            found = checker(text)
        except Exception:
            logger.exception("text checker failed", extra={"checker": getattr(checker, "__name__", "?")})
            continue
        if found is not None and getattr(found, "is_published", False):
            return found
    return None
