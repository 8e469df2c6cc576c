import pytest
from django.core.management import call_command
from django.test import Client

from tangkal.hoaxes import hooks, services
from tangkal.hoaxes.models import Notification, Report, TelegramUpdate
from tangkal.hoaxes.notify import deliver
from tangkal.hoaxes.telegram.client import TelegramClient, TelegramError
from tangkal.hoaxes.testing import FakeBotAPI
from tangkal.hoaxes.tests.conftest import HOAX_TEXT, photo_bytes, publish

pytestmark = pytest.mark.django_db
SECRET = "rahasia-webhook-uji"


@pytest.fixture
def bot(settings):
    with FakeBotAPI() as api:
        settings.TELEGRAM_BOT_TOKEN = api.token
        settings.TELEGRAM_API_BASE = api.base_url
        settings.TELEGRAM_WEBHOOK_SECRET = SECRET
        yield api


def update(update_id=1, **message):
    return {"update_id": update_id, "message": {"message_id": 10, "chat": {"id": 777, "type": "private"},
                                                "date": 1700000000, **message}}


def send(payload, secret=SECRET, raw=None):
    headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret is not None else {}
    return Client().post("/telegram/webhook/", data=raw if raw is not None else payload,
                         content_type="application/json", headers=headers)


def test_updates_without_the_secret_token_are_refused(bot):
    assert send(update(text=HOAX_TEXT), secret=None).status_code == 403
    assert send(update(text=HOAX_TEXT), secret="salah").status_code == 403
    assert not Report.objects.exists() and not TelegramUpdate.objects.exists()


def test_the_webhook_is_closed_when_no_secret_is_configured(settings):
    settings.TELEGRAM_WEBHOOK_SECRET = ""
    assert send(update(text=HOAX_TEXT), secret="").status_code == 403


def test_a_forwarded_message_becomes_a_report_and_gets_a_tracking_code(bot):
    response = send(update(text=HOAX_TEXT, forward_origin={"type": "hidden_user", "sender_user_name": "X"},
                           entities=[]))
    assert response.status_code == 200
    reply = response.json()
    report = Report.objects.get()
    assert reply["method"] == "sendMessage" and reply["chat_id"] == 777 and report.tracking_code in reply["text"]
    assert report.channel == Report.Channel.TELEGRAM and report.contact_kind == "telegram"
    assert report.claim is not None


def test_telegram_resending_an_update_files_it_once(bot):
    send(update(update_id=5, text=HOAX_TEXT))
    assert send(update(update_id=5, text=HOAX_TEXT)).status_code == 200
    assert Report.objects.count() == 1


@pytest.mark.parametrize("raw", [b"bukan json", b"[1, 2]", b"{\"update_id\": \"x\"}"])
def test_malformed_updates_are_refused_or_ignored_without_storing(bot, raw):
    response = send(None, raw=raw)
    assert response.status_code in (200, 400)
    assert not Report.objects.exists()


def test_an_empty_message_gets_a_clear_answer_and_stores_nothing(bot):
    response = send(update(sticker={"file_id": "x"}))
    assert response.status_code == 200 and "Tempel isi pesan" in response.json()["text"]
    assert not Report.objects.exists()


def test_a_known_hoax_is_answered_with_its_clarification(bot, actors, second_verifier, hoax_report):
    clar = publish(author=actors.verifier, approver=second_verifier, claim=hoax_report.claim)

    def checker(text):
        return clar if "WhatsApp" in text else None

    hooks.register_text_checker(checker)
    try:
        reply = send(update(text="Benarkah WhatsApp akan berbayar Rp 5.000 per pesan?")).json()
    finally:
        hooks.unregister_text_checker(checker)
    assert "[HOAKS]" in reply["text"] and clar.get_absolute_url() in reply["text"]
    report = Report.objects.latest("id")
    assert report.matched_clarification == clar and report.match_confident


def test_a_photo_is_fetched_from_the_bot_api_and_re_encoded(bot):
    bot.files["foto1"] = photo_bytes(fmt="JPEG")
    response = send(update(photo=[{"file_id": "foto1", "width": 256, "height": 256, "file_size": 5000}],
                           caption="Apakah foto banjir ini asli?"))
    assert response.status_code == 200
    report = Report.objects.get()
    assert report.images.count() == 1 and ("getFile", {"file_id": "foto1"}) in bot.calls


def test_the_reporter_learns_the_outcome_through_the_bot(bot, actors, second_verifier,
                                                         django_capture_on_commit_callbacks):
    send(update(text=HOAX_TEXT))
    report = Report.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        publish(author=actors.verifier, approver=second_verifier, claim=report.claim)
    sent = bot.sent_messages()
    assert len(sent) == 1 and str(sent[0]["chat_id"]) == "777" and "HOAKS" in sent[0]["text"]
    assert Notification.objects.get().sent_at is not None


def test_a_failed_delivery_is_recorded_and_can_be_retried(bot, actors, second_verifier):
    send(update(text=HOAX_TEXT))
    report = Report.objects.get()
    bot.fail_methods.add("sendMessage")
    publish(author=actors.verifier, approver=second_verifier, claim=report.claim)
    note = Notification.objects.get()
    assert deliver(note.pk) is False
    note.refresh_from_db()
    assert note.sent_at is None and "chat not found" in note.error
    bot.fail_methods.clear()
    assert deliver(note.pk) is True and deliver(note.pk) is False  # sent once only


def test_the_client_reports_api_errors_with_one_error_type(bot):
    with pytest.raises(TelegramError):
        TelegramClient(token="salah").send_message(chat_id=1, text="x")
    with pytest.raises(TelegramError):
        TelegramClient(base_url="http://127.0.0.1:9").send_message(chat_id=1, text="x")


def test_set_webhook_registers_the_secret_token(bot, settings):
    call_command("telegram_set_webhook", stdout=open("/dev/null", "w"))
    method, body = bot.calls[-1]
    assert method == "setWebhook" and body["secret_token"] == SECRET and body["url"].endswith("/telegram/webhook/")


def test_report_matchers_are_called_and_can_link_a_clarification(actors, second_verifier, hoax_report,
                                                                 django_capture_on_commit_callbacks):
    clar = publish(author=actors.verifier, approver=second_verifier, claim=hoax_report.claim)
    seen = []

    def matcher(report):
        seen.append(report.pk)
        services.report_link_clarification(report=report, clarification=clar, confident=True)

    def broken(report):
        raise RuntimeError("matcher down")

    hooks.register_report_matcher(broken)
    hooks.register_report_matcher(matcher)
    try:
        report = services.report_submit(text="Ada kabar beda sama sekali soal bansos beras dibagikan di kantor "
                                             "kelurahan hari sabtu", contact_email="warga@contoh.id")
    finally:
        hooks.unregister_report_matcher(matcher)
        hooks.unregister_report_matcher(broken)
    report.refresh_from_db()
    assert seen == [report.pk] and report.matched_clarification == clar and report.match_confident
    assert Notification.objects.filter(report=report, kind="matched").exists()
    assert clar in report.claim.related_clarifications.all()
