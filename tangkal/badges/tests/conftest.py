from __future__ import annotations

import pytest
from django.core.cache import cache
from django.utils import translation

from tangkal.badges import prerequisites
from tangkal.badges.prerequisites import AccountSnapshot


@pytest.fixture(autouse=True)
def badge_keyring(settings, tmp_path):
    """Each test signs with its own throw-away keyring, never the developer's var/badge_keys."""
    settings.BADGE_ISSUER_KEY = None
    settings.BADGE_ISSUER_KEY_FILE = tmp_path / "badge_keys" / "keyring.json"
    settings.SITE_URL = "http://testserver"
    cache.clear()
    # A request served in English by an earlier test leaves English active in this thread.
    translation.activate("id")
    yield settings.BADGE_ISSUER_KEY_FILE
    cache.clear()


@pytest.fixture
def prerequisites_met(monkeypatch):
    """Eligibility and training answered as met, with the accounts given (patched at our seam)."""
    state = {"eligible": True, "trained": True,
             "accounts": [("instagram", "asn_teladan", 1200), ("tiktok", "asn.teladan", 800)]}

    def influencer_status(user):
        from django.utils import timezone

        accounts = [AccountSnapshot(platform=p, handle=h, followers=f, verified_at=timezone.now())
                    for p, h, f in state["accounts"]]
        return state["eligible"], accounts, None if state["eligible"] else "Pengikut belum memenuhi syarat."

    def training_status(user):
        from django.utils import timezone

        if not state["trained"]:
            return False, None, None, "Anda belum menyelesaikan kurikulum pelatihan wajib."
        return True, timezone.now(), None, None

    monkeypatch.setattr(prerequisites, "influencer_status", influencer_status)
    monkeypatch.setattr(prerequisites, "training_status", training_status)
    return state
