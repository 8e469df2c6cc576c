"""Fixtures of the matching tests: a fresh per-process index for every test, read on every check."""

from __future__ import annotations

import pytest

from tangkal.matching.live import reset_live_service


@pytest.fixture(autouse=True)
def _fresh_matching(settings, tmp_path):
    settings.MATCHING_SYNC_SECONDS = 0
    settings.MATCHING_MAX_STALE_SECONDS = 0
    settings.MATCHING_RELOAD_IN_BACKGROUND = False
    settings.MATCHING_SNAPSHOT_DIR = str(tmp_path / "snapshots")
    reset_live_service()
    yield
    reset_live_service()


@pytest.fixture
def second_verifier(actors):
    from conftest import make_user
    from tangkal.accounts.models import Role

    return make_user("verifikator2@komdigi.go.id", Role.VERIFIER)


@pytest.fixture
def desk(actors, second_verifier):
    """Publishes invented clarifications through the hoaxes services, as the desk would."""
    from tangkal.hoaxes import publishing

    class Desk:
        def publish(self, **data):
            values = {"verdict": "HOAKS", "topic": "lainnya", **data}
            clar = publishing.clarification_create(by=actors.verifier, data=values)
            publishing.clarification_submit(clarification=clar, by=actors.verifier)
            return publishing.clarification_approve(clarification=clar, by=second_verifier)

        def withdraw(self, clar):
            return publishing.clarification_withdraw(clarification=clar, by=actors.admin, reason="Uji penarikan")

        def correct(self, clar, **data):
            return publishing.clarification_update(clarification=clar, by=actors.verifier, data=data,
                                                   correction_note="Koreksi uji")

    return Desk()


# Invented hoaxes (not taken from any real archive).
LISTRIK = {
    "verdict": "HOAKS",
    "headline": "Tidak ada pemadaman listrik total se-Jawa-Bali selama tiga hari",
    "claim_reviewed": "Listrik se-Jawa dan Bali dipadamkan total selama tiga hari mulai Senin karena perbaikan "
                      "pembangkit.",
    "summary": "Perusahaan listrik tidak menjadwalkan pemadaman total; pemeliharaan dilakukan bergilir per gardu.",
}
LISTRIK_MESSAGE = ("PENTING!! Mulai Senin depan listrik se-Jawa dan Bali dipadamkan total selama 3 hari karena "
                   "perbaikan pembangkit. Siapkan lilin dan air bersih, sebarkan ke keluarga!")
KELAPA = {
    "verdict": "SALAH",
    "headline": "Air kelapa dan garam tidak menyembuhkan demam berdarah",
    "claim_reviewed": "Air kelapa dicampur garam menyembuhkan demam berdarah dalam satu malam.",
    "summary": "Tidak ada bukti medis; penderita demam berdarah perlu diperiksa tenaga kesehatan.",
}
KELAPA_MESSAGE = "Info dr grup sebelah: air kelapa dicampur garam bs menyembuhkan demam berdarah dlm satu malam!! 🙏"
BERAS = {
    "verdict": "SALAH",
    "headline": "Beras plastik tidak beredar di pasar induk",
    "claim_reviewed": "Beras plastik beredar di pasar induk dan meleleh saat dimasak.",
    "summary": "Uji laboratorium menunjukkan beras yang beredar asli, bukan plastik.",
}
BERAS_MESSAGE = "Awas beras plastik beredar di pasar induk, ciri-cirinya meleleh saat dimasak. Sebarkan!"
UNRELATED_MESSAGE = "Resep rendang padang yang empuk: daging sapi, santan kental, cabai giling, masak tiga jam."
