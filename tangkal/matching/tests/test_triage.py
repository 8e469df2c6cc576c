"""Every incoming report is matched: confident → linked and answered, possible → shown to the desk."""

from __future__ import annotations

import pytest

from tangkal.hoaxes import hooks, services
from tangkal.hoaxes.models import Notification, Report
from tangkal.matching.services import telegram_check
from tangkal.matching.tests.conftest import (
    BERAS,
    KELAPA,
    LISTRIK,
    LISTRIK_MESSAGE,
    UNRELATED_MESSAGE,
)

pytestmark = pytest.mark.django_db


def test_the_matching_hooks_are_registered_at_start_up():
    from tangkal.matching.services import report_match_hook

    assert report_match_hook in hooks._REPORT_MATCHERS
    assert telegram_check in hooks._TEXT_CHECKERS


def test_a_confident_match_links_the_report_and_answers_the_reporter(desk):
    clar = desk.publish(**LISTRIK)
    desk.publish(**KELAPA)
    report = services.report_submit(text=LISTRIK_MESSAGE, platform="whatsapp", contact_email="warga@contoh.id")
    report.refresh_from_db()
    assert report.matched_clarification == clar and report.match_confident
    assert Notification.objects.filter(report=report, clarification=clar, kind="matched").count() == 1
    assert clar in report.claim.related_clarifications.all()


def test_a_possible_match_is_shown_to_the_desk_without_answering_the_reporter(desk):
    clar = desk.publish(**LISTRIK)
    desk.publish(**KELAPA)
    report = services.report_submit(text="benarkah listrik akan padam?", platform="whatsapp",
                                    contact_email="warga@contoh.id")
    report.refresh_from_db()
    assert report.matched_clarification == clar and not report.match_confident
    assert not Notification.objects.filter(report=report).exists()
    assert clar in report.claim.related_clarifications.all()


def test_an_unrelated_report_is_left_alone(desk):
    desk.publish(**LISTRIK)
    desk.publish(**KELAPA)
    desk.publish(**BERAS)
    report = services.report_submit(text=UNRELATED_MESSAGE, platform="whatsapp")
    report.refresh_from_db()
    assert report.matched_clarification is None


def test_a_report_on_an_answered_claim_is_not_answered_twice(desk, actors, second_verifier):
    from tangkal.hoaxes.tests.conftest import publish

    first = services.report_submit(text=LISTRIK_MESSAGE, platform="whatsapp")
    clar = publish(author=actors.verifier, approver=second_verifier, claim=first.claim, **LISTRIK)
    again = services.report_submit(text=LISTRIK_MESSAGE, platform="whatsapp", contact_email="warga@contoh.id")
    again.refresh_from_db()
    assert again.claim == first.claim and again.matched_clarification == clar
    assert Notification.objects.filter(report=again).count() == 1  # the desk's own "published" answer


def test_the_telegram_checker_answers_only_confident_matches(desk):
    clar = desk.publish(**LISTRIK)
    desk.publish(**KELAPA)
    assert telegram_check(LISTRIK_MESSAGE) == clar
    assert telegram_check("benarkah listrik akan padam?") is None
    assert telegram_check(UNRELATED_MESSAGE) is None


def test_a_forwarded_telegram_message_gets_one_answer(desk, settings):
    from django.test import Client

    from tangkal.hoaxes.testing import FakeBotAPI

    clar = desk.publish(**LISTRIK)
    with FakeBotAPI() as bot:
        settings.TELEGRAM_BOT_TOKEN, settings.TELEGRAM_API_BASE = bot.token, bot.base_url
        settings.TELEGRAM_WEBHOOK_SECRET = "rahasia"
        reply = Client().post("/telegram/webhook/", content_type="application/json",
                              headers={"X-Telegram-Bot-Api-Secret-Token": "rahasia"},
                              data={"update_id": 9, "message": {"message_id": 1, "chat": {"id": 42},
                                                                "text": LISTRIK_MESSAGE}}).json()
    assert clar.headline in reply["text"]
    report = Report.objects.get(channel="telegram")
    assert report.matched_clarification == clar and report.match_confident
    assert not Notification.objects.filter(report=report).exists()  # the reply is the answer


def test_the_verifier_sees_a_possible_match_on_the_claim_workspace(desk, client_for):
    clar = desk.publish(**LISTRIK)
    desk.publish(**KELAPA)
    report = services.report_submit(text="benarkah listrik akan padam?", platform="whatsapp")
    page = client_for("verifier").get(report.claim.get_absolute_url()).content.decode()
    assert "Klarifikasi serupa yang sudah ada" in page and clar.headline in page
