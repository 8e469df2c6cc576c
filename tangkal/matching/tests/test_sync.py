"""The index follows publishing, corrections and withdrawals, in this process and in others."""

from __future__ import annotations

import pytest

from tangkal.matching.live import LiveMatchingService, live_service, load_snapshot, snapshot_write
from tangkal.matching.models import IndexChange
from tangkal.matching.selectors import check_message
from tangkal.matching.tests.conftest import (
    BERAS,
    BERAS_MESSAGE,
    KELAPA,
    KELAPA_MESSAGE,
    LISTRIK,
    LISTRIK_MESSAGE,
)

pytestmark = pytest.mark.django_db


def top_id(service, text):
    result = service.check(text)
    return result.matches[0].doc_id if result.matches else None


def test_a_published_clarification_is_matchable_at_once(desk):
    assert check_message(text=LISTRIK_MESSAGE).decision == "tidak_ditemukan"
    clar = desk.publish(**LISTRIK)
    outcome = check_message(text=LISTRIK_MESSAGE)
    assert outcome.decision == "cocok" and outcome.best == clar
    assert IndexChange.objects.filter(op="published", clarification_id=clar.public_id).exists()


def test_drafts_and_clarifications_awaiting_approval_are_not_matched(desk, actors):
    from tangkal.hoaxes import publishing

    draft = publishing.clarification_create(by=actors.verifier, data={**LISTRIK, "topic": "lainnya"})
    publishing.clarification_submit(clarification=draft, by=actors.verifier)
    assert check_message(text=LISTRIK_MESSAGE).matches == []


def test_a_withdrawn_clarification_stops_matching(desk):
    clar = desk.publish(**LISTRIK)
    desk.publish(**KELAPA)
    assert check_message(text=LISTRIK_MESSAGE).best == clar
    desk.withdraw(clar)
    outcome = check_message(text=LISTRIK_MESSAGE)
    assert all(found.clarification != clar for found in outcome.matches)
    assert outcome.decision != "cocok"
    assert str(clar.public_id) not in live_service().index


def test_a_corrected_clarification_matches_its_new_text(desk):
    clar = desk.publish(**BERAS)
    desk.publish(**KELAPA)
    assert check_message(text=BERAS_MESSAGE).best == clar
    desk.correct(clar, headline="Tidak ada gula pasir dicampur pasir pantai",
                 claim_reviewed="Gula pasir di minimarket dicampur pasir pantai agar lebih berat.",
                 summary="Uji laboratorium tidak menemukan pasir dalam gula yang dijual.")
    outcome = check_message(text="Hati2 gula pasir di minimarket dicampur pasir pantai biar berat!!")
    assert outcome.best == clar and outcome.decision in ("cocok", "mungkin")
    old = check_message(text=BERAS_MESSAGE)
    assert old.decision == "tidak_ditemukan" or old.best != clar


def test_another_process_sees_a_publication_after_catching_up(desk):
    """Two services sharing one database stand for two web processes (or machines)."""
    web_a, web_b = LiveMatchingService(), LiveMatchingService()
    desk.publish(**KELAPA)
    web_a.check(KELAPA_MESSAGE), web_b.check(KELAPA_MESSAGE)  # both loaded before the publication
    clar = desk.publish(**LISTRIK)
    assert top_id(web_b, LISTRIK_MESSAGE) == str(clar.public_id)
    desk.withdraw(clar)
    assert top_id(web_a, LISTRIK_MESSAGE) != str(clar.public_id)
    assert web_a.applied >= 1 and web_b.applied >= 1


def test_reading_the_log_is_throttled_between_changes(desk, settings):
    settings.MATCHING_SYNC_SECONDS = 3600
    web = LiveMatchingService()
    web.check(KELAPA_MESSAGE)  # loads
    clar = desk.publish(**LISTRIK)
    # No commit happens inside a test transaction, so no generation bump either: the poll decides.
    assert top_id(web, LISTRIK_MESSAGE) != str(clar.public_id)
    assert web.sync(force=True) == 1
    assert top_id(web, LISTRIK_MESSAGE) == str(clar.public_id)


def test_a_change_that_commits_late_is_still_applied(desk):
    """A transaction holding a lower sequence number may commit after a higher one is visible."""
    web = LiveMatchingService()
    clar = desk.publish(**LISTRIK)
    web.sync(force=True)
    IndexChange.objects.filter(clarification_id=clar.public_id).delete()  # "not committed yet"
    later = desk.publish(**KELAPA)
    web.sync(force=True)
    assert str(later.public_id) in web.index
    desk.withdraw(clar)
    late = IndexChange.objects.get(clarification_id=clar.public_id)
    IndexChange.objects.filter(pk=late.pk).update(seq=1)  # the low number shows up only now
    web.sync(force=True)
    assert str(clar.public_id) not in web.index


def test_a_replaced_database_makes_the_process_rebuild(desk):
    web = LiveMatchingService()
    clar = desk.publish(**LISTRIK)
    web.sync(force=True)
    assert str(clar.public_id) in web.index
    IndexChange.objects.all().delete()  # e.g. restored from a backup taken before the publication
    from tangkal.hoaxes.models import Clarification

    Clarification.objects.filter(pk=clar.pk).update(status="draft")
    web.sync(force=True)
    assert str(clar.public_id) not in web.index


def test_a_snapshot_starts_a_new_process_and_the_log_after_it_is_replayed(desk, tmp_path):
    first = desk.publish(**LISTRIK)
    meta = snapshot_write(tmp_path)
    assert meta["documents"] == 1
    second = desk.publish(**KELAPA)
    found = load_snapshot(tmp_path)
    assert found is not None and found[1].source == "snapshot"
    web = LiveMatchingService(snapshot_dir=tmp_path)
    assert top_id(web, KELAPA_MESSAGE) == str(second.public_id)
    assert top_id(web, LISTRIK_MESSAGE) == str(first.public_id)
    assert web.state.source == "snapshot"


def test_a_snapshot_of_another_database_is_ignored(desk, tmp_path):
    desk.publish(**LISTRIK)
    snapshot_write(tmp_path)
    IndexChange.objects.filter(op="rebuild").delete()
    assert load_snapshot(tmp_path) is None
    web = LiveMatchingService(snapshot_dir=tmp_path)
    web.sync()
    assert web.state.source == "database"


def test_a_rebuild_makes_running_processes_reload(desk, tmp_path):
    from tangkal.hoaxes.models import Clarification

    web = LiveMatchingService(snapshot_dir=tmp_path)
    clar = desk.publish(**LISTRIK)
    web.sync(force=True)
    # An edit that bypassed the services (e.g. in the database console) is repaired by a rebuild.
    Clarification.objects.filter(pk=clar.pk).update(status="withdrawn")
    web.sync(force=True)
    assert str(clar.public_id) in web.index
    snapshot_write(tmp_path)
    web.sync(force=True)
    assert str(clar.public_id) not in web.index


def test_the_rebuild_command_writes_a_snapshot(desk, tmp_path, settings):
    from io import StringIO

    from django.core.management import call_command

    desk.publish(**LISTRIK)
    settings.MATCHING_SNAPSHOT_DIR = str(tmp_path)
    out = StringIO()
    call_command("rebuild_matching_index", stdout=out)
    assert "1" in out.getvalue() and list(tmp_path.glob("index-*.pkl"))


def test_a_periodic_snapshot_leaves_running_processes_alone(desk, tmp_path, settings, monkeypatch):
    from tangkal.matching import tasks

    settings.MATCHING_SNAPSHOT_DIR = str(tmp_path)
    web = LiveMatchingService(snapshot_dir=tmp_path)
    desk.publish(**LISTRIK)
    web.sync(force=True)
    monkeypatch.setattr(web, "load", lambda: pytest.fail("a snapshot must not reload running processes"))
    assert tasks.write_snapshot.call() == 1
    web.sync(force=True)
    assert load_snapshot(tmp_path)[1].source == "snapshot"
