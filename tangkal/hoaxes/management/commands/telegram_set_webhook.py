from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from tangkal.hoaxes.telegram.client import TelegramClient, TelegramError


class Command(BaseCommand):
    help = "Daftarkan webhook bot Telegram meja hoaks (SITE_URL + /telegram/webhook/) dengan token rahasia."

    def handle(self, *args, **options):
        if not settings.TELEGRAM_BOT_TOKEN or not settings.TELEGRAM_WEBHOOK_SECRET:
            raise CommandError("Isi TELEGRAM_BOT_TOKEN dan TELEGRAM_WEBHOOK_SECRET dulu.")
        url = settings.SITE_URL + reverse("hoaxes:telegram_webhook")
        try:
            TelegramClient().set_webhook(url=url, secret_token=settings.TELEGRAM_WEBHOOK_SECRET)
        except TelegramError as exc:
            raise CommandError(f"Gagal: {exc}") from exc
        self.stdout.write(self.style.SUCCESS(f"Webhook terpasang: {url}"))
