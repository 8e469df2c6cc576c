from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from tangkal.core.demo import DEMO_PASSWORD, DEMO_STAFF, build_context


class Command(BaseCommand):
    help = "Isi dunia demo (instansi, staf, ASN, akun media sosial, laporan hoaks). Aman dijalankan berulang."

    def handle(self, *args, **options):
        ctx = build_context()
        for config in apps.get_app_configs():
            if not config.name.startswith("tangkal."):
                continue
            try:
                module = import_module(f"{config.name}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.demo":
                    raise
                continue
            with transaction.atomic():
                module.seed(ctx)
        for line in ctx.log:
            self.stdout.write(f"  · {line}")
        self.stdout.write(self.style.SUCCESS("Dunia demo siap. Akun untuk masuk (kata sandi sama untuk semua):"))
        for email, role, _agency, _name in DEMO_STAFF:
            self.stdout.write(f"  {role.label:<22} {email:<32} {DEMO_PASSWORD}")
        self.stdout.write(f"  {'Influencer (berlencana)':<22} {'lulusan@kemkes.go.id':<32} {DEMO_PASSWORD}")
        self.stdout.write("  Staf (admin, koordinator, verifikator) diminta memasang TOTP saat pertama masuk.")
