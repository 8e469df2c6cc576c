"""Reporter contacts (UU 27/2022): encrypted so the desk can send the outcome, hashed so a person
can find and delete theirs, never shown to staff in clear and never exported."""

from __future__ import annotations

import base64
import hashlib
import hmac

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _


def _key_material() -> bytes:
    return (settings.HOAX_CONTACT_KEY or settings.SECRET_KEY).encode()


def _fernet() -> Fernet:
    derived = hashlib.sha256(b"tangkal.hoaxes.contact.enc|" + _key_material()).digest()
    return Fernet(base64.urlsafe_b64encode(derived))


def contact_hash(value: str) -> str:
    key = hashlib.sha256(b"tangkal.hoaxes.contact.mac|" + _key_material()).digest()
    return hmac.new(key, value.strip().lower().encode(), hashlib.sha256).hexdigest()


def encrypt(value: str) -> str:
    return _fernet().encrypt(value.encode()).decode()


def decrypt(token: str) -> str | None:
    try:
        return _fernet().decrypt(token.encode()).decode()
    except (InvalidToken, ValueError):
        return None


def parse_email_contact(raw: str) -> str:
    """The normalised email address a reporter typed; ValidationError otherwise."""
    value = raw.strip().lower()
    try:
        validate_email(value)
    except ValidationError as exc:
        raise ValidationError(_("Alamat email tidak valid, contoh: nama@contoh.id."), code="invalid_contact") from exc
    return value
