"""The deployment as a badge issuer: its did:web, its keyring and its DID document.

The private key lives in a file (``BADGE_ISSUER_KEY_FILE``, a JSON keyring) or in the
environment (``BADGE_ISSUER_KEY``), never in the database. Rotation moves the current key to
``retired``, keeping only its public half: old credentials keep verifying through did.json,
while nothing can sign with a retired key any more.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings

from tangkal.badges.crypto.datetimes import format_datetime, utc_now
from tangkal.badges.crypto.did_web import DidKey, build_did_document, did_web, key_fragment, key_resolver
from tangkal.badges.crypto.eddsa_rdfc_2022 import KeyResolver
from tangkal.badges.crypto.keys import (
    KeyLoadError,
    generate_private_key,
    private_key_from_text,
    private_key_to_multikey_json,
    public_key_from_multibase,
    public_key_to_multibase,
)

logger = logging.getLogger(__name__)

KEYRING_VERSION = 1


class KeyringError(RuntimeError):
    """The issuer key is missing or unreadable; the message says how to fix it."""


@dataclass(frozen=True)
class Keyring:
    current_fragment: str
    current_key: Ed25519PrivateKey
    retired: tuple[DidKey, ...]
    source: str  # "file:<path>" or "env"

    def did_keys(self) -> list[DidKey]:
        return [DidKey(fragment=self.current_fragment, public_key=self.current_key.public_key()), *self.retired]


def site_did() -> str:
    """did:web of SITE_URL's host, with the port percent-encoded (did:web:127.0.0.1%3A8000)."""
    parts = urlsplit(settings.SITE_URL)
    if not parts.hostname:
        raise KeyringError(f"SITE_URL {settings.SITE_URL!r} has no host name")
    return did_web(host=parts.hostname, port=parts.port)


def verification_method(keyring: Keyring | None = None) -> str:
    keyring = keyring or load_keyring()
    return f"{site_did()}#{keyring.current_fragment}"


def did_document() -> dict[str, Any]:
    return build_did_document(did=site_did(), keys=load_keyring().did_keys())


def local_key_resolver() -> KeyResolver:
    """Keys of this deployment's DID document, resolved without any network request."""
    return key_resolver(did_document=did_document())


# --- loading -------------------------------------------------------------------------------

_cache_lock = threading.Lock()
_cache: dict[tuple, Keyring] = {}


def load_keyring() -> Keyring:
    """The issuer keyring from the environment or the keyring file (created on first use)."""
    if settings.BADGE_ISSUER_KEY:
        stamp: tuple = ("env", settings.BADGE_ISSUER_KEY, settings.BADGE_ISSUER_RETIRED_KEYS)
        loader = _keyring_from_env
    else:
        path = Path(settings.BADGE_ISSUER_KEY_FILE)
        if not path.exists():
            _create_keyring_file(path)
        stat = path.stat()
        stamp = ("file", str(path), stat.st_mtime_ns, stat.st_size)
        loader = _keyring_from_file
    with _cache_lock:
        keyring = _cache.get(stamp)
    if keyring is None:
        keyring = loader()
        with _cache_lock:
            _cache.clear()
            _cache[stamp] = keyring
    return keyring


def _password() -> bytes | None:
    value = settings.BADGE_ISSUER_KEY_PASSWORD
    return value.encode("utf-8") if value else None


def _stable_fragment(key: Ed25519PrivateKey) -> str:
    # A key given without a name still needs the same fragment in every process.
    public = public_key_to_multibase(key.public_key())
    return "key-" + hashlib.sha256(public.encode("ascii")).hexdigest()[:12]


def _keyring_from_env() -> Keyring:
    value = settings.BADGE_ISSUER_KEY
    if value.lstrip().startswith("-----BEGIN") and "\\n" in value:
        value = value.replace("\\n", "\n")
    try:
        key = private_key_from_text(value, password=_password())
    except KeyLoadError as exc:
        raise KeyringError(f"BADGE_ISSUER_KEY is not a usable Ed25519 key: {exc}") from None
    retired = []
    for item in (part.strip() for part in settings.BADGE_ISSUER_RETIRED_KEYS.split(",") if part.strip()):
        fragment, _sep, public = item.partition("=")
        try:
            retired.append(DidKey(fragment=fragment.strip(), public_key=public_key_from_multibase(public.strip()),
                                  retired=True))
        except ValueError as exc:
            raise KeyringError(f"BADGE_ISSUER_RETIRED_KEYS entry {fragment!r} is invalid: {exc}") from None
    return Keyring(current_fragment=_stable_fragment(key), current_key=key, retired=tuple(retired), source="env")


def _keyring_from_file(path: Path | None = None) -> Keyring:
    path = Path(path or settings.BADGE_ISSUER_KEY_FILE)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise KeyringError(f"cannot read the badge keyring {path}: {exc.strerror}") from None
    try:
        data = json.loads(text) if text.lstrip().startswith("{") else None
    except json.JSONDecodeError:
        raise KeyringError(f"badge keyring {path} is not valid JSON") from None
    if not isinstance(data, dict) or "current" not in data:
        # A plain key file (PEM, Multikey JSON or multibase) is a keyring of one.
        try:
            key = private_key_from_text(text, password=_password())
        except KeyLoadError as exc:
            raise KeyringError(f"badge key file {path}: {exc}") from None
        return Keyring(current_fragment=_stable_fragment(key), current_key=key, retired=(), source=f"file:{path}")
    try:
        current = data["current"]
        key = private_key_from_text(json.dumps(current["key"]), password=_password())
        retired = tuple(
            DidKey(fragment=item["fragment"], public_key=public_key_from_multibase(item["publicKeyMultibase"]),
                   retired=True)
            for item in data.get("retired", [])
        )
        return Keyring(current_fragment=current["fragment"], current_key=key, retired=retired, source=f"file:{path}")
    except (KeyError, TypeError, ValueError) as exc:
        raise KeyringError(f"badge keyring {path} is malformed: {exc}") from None


# --- writing -------------------------------------------------------------------------------

def _new_current(fragment: str) -> tuple[Ed25519PrivateKey, dict[str, Any]]:
    key = generate_private_key()
    return key, {"fragment": fragment, "created": format_datetime(utc_now()), "key": private_key_to_multikey_json(key)}


def _unique_fragment(taken: set[str]) -> str:
    base = key_fragment(utc_now())
    fragment, n = base, 1
    while fragment in taken:
        n += 1
        fragment = f"{base}-{n}"
    return fragment


def _write_private(path: Path, data: dict[str, Any], *, replace: bool) -> bool:
    """Write the keyring with mode 0600; without `replace`, only if no file exists yet."""
    path.parent.mkdir(parents=True, exist_ok=True)
    os.chmod(path.parent, 0o700)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".keyring-")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, indent=2)
            handle.write("\n")
        os.chmod(tmp, 0o600)
        if replace:
            os.replace(tmp, path)
            return True
        try:
            # link() fails if the file exists, so two processes starting together agree on one key.
            os.link(tmp, path)
            return True
        except FileExistsError:
            return False
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _create_keyring_file(path: Path) -> None:
    if settings.PRODUCTION:
        raise KeyringError(
            f"no badge issuer key: set BADGE_ISSUER_KEY or run `manage.py badge_keygen` to create {path}"
        )
    _key, current = _new_current(_unique_fragment(set()))
    if _write_private(path, {"version": KEYRING_VERSION, "current": current, "retired": []}, replace=False):
        logger.warning("generated a badge issuer key %s in %s (first use; rotate with badge_keygen)",
                       current["fragment"], path)


def rotate_keyring(*, path: Path | None = None) -> tuple[str, str | None]:
    """Make a new current key; the old one is kept as retired (public half only).

    Returns (new fragment, retired fragment or None).
    """
    path = Path(path or settings.BADGE_ISSUER_KEY_FILE)
    if not path.exists():
        _key, current = _new_current(_unique_fragment(set()))
        _write_private(path, {"version": KEYRING_VERSION, "current": current, "retired": []}, replace=False)
        return current["fragment"], None
    old = _keyring_from_file(path)
    taken = {old.current_fragment, *(key.fragment for key in old.retired)}
    _key, current = _new_current(_unique_fragment(taken))
    now = format_datetime(utc_now())
    retired = [{"fragment": old.current_fragment,
                "publicKeyMultibase": public_key_to_multibase(old.current_key.public_key()), "retired": now}]
    retired += [{"fragment": key.fragment, "publicKeyMultibase": public_key_to_multibase(key.public_key)}
                for key in old.retired]
    _write_private(path, {"version": KEYRING_VERSION, "current": current, "retired": retired}, replace=True)
    return current["fragment"], old.current_fragment
