"""The issuer key: generated on first use, loaded from a file or the environment, rotated safely."""

from __future__ import annotations

import json
import stat

import pytest
from django.core.management import call_command

from tangkal.badges import issuer
from tangkal.badges.crypto.keys import generate_private_key, private_key_to_multibase, public_key_to_multibase
from tangkal.badges.testing import issue_badge
from tangkal.badges.verification import verify


def test_it_generates_a_private_keyring_on_first_use(badge_keyring):
    keyring = issuer.load_keyring()
    assert badge_keyring.exists()
    assert stat.S_IMODE(badge_keyring.stat().st_mode) == 0o600
    data = json.loads(badge_keyring.read_text())
    assert data["current"]["fragment"] == keyring.current_fragment
    assert issuer.load_keyring() is keyring  # cached until the file changes


def test_it_refuses_to_invent_a_key_in_production(settings):
    settings.PRODUCTION = True
    with pytest.raises(issuer.KeyringError, match="badge_keygen"):
        issuer.load_keyring()


def test_did_web_comes_from_site_url_with_the_port_encoded(settings):
    settings.SITE_URL = "http://127.0.0.1:8000"
    assert issuer.site_did() == "did:web:127.0.0.1%3A8000"
    settings.SITE_URL = "https://tangkal.komdigi.go.id"
    assert issuer.site_did() == "did:web:tangkal.komdigi.go.id"


def test_it_reads_the_key_from_the_environment(settings):
    key = generate_private_key()
    old = generate_private_key()
    settings.BADGE_ISSUER_KEY = private_key_to_multibase(key)
    settings.BADGE_ISSUER_RETIRED_KEYS = f"key-2025-01={public_key_to_multibase(old.public_key())}"
    document = issuer.did_document()
    published = [method["publicKeyMultibase"] for method in document["verificationMethod"]]
    assert published == [public_key_to_multibase(key.public_key()), public_key_to_multibase(old.public_key())]
    assert document["assertionMethod"][1].endswith("#key-2025-01")
    assert len(document["authentication"]) == 1  # a retired key no longer authenticates


def test_a_bad_environment_key_is_reported_without_echoing_it(settings):
    settings.BADGE_ISSUER_KEY = "zNotAKeyAtAll"
    with pytest.raises(issuer.KeyringError) as excinfo:
        issuer.load_keyring()
    assert "zNotAKeyAtAll" not in str(excinfo.value)


@pytest.mark.django_db
def test_rotation_keeps_old_credentials_verifiable(actors, badge_keyring, capsys):
    old_badge = issue_badge(actors.influencer)
    old_fragment = issuer.load_keyring().current_fragment
    call_command("badge_keygen")
    keyring = issuer.load_keyring()
    assert keyring.current_fragment != old_fragment
    assert [key.fragment for key in keyring.retired] == [old_fragment]
    stored = json.loads(badge_keyring.read_text())
    assert "secretKeyMultibase" not in json.dumps(stored["retired"])  # only the public half is kept
    result = verify(old_badge.credential)
    assert result.ok, result.as_dict()
    # Status lists were re-signed with the new key and still verify.
    assert old_badge.revocation_list.__class__.objects.get(pk=old_badge.revocation_list_id).credential[
        "proof"]["verificationMethod"].endswith(keyring.current_fragment)
    assert "re-signed" in capsys.readouterr().out
