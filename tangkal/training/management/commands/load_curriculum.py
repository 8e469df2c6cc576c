from django.core.management.base import BaseCommand
from django.db import transaction

from tangkal.training.loader import load_curriculum


class Command(BaseCommand):
    help = "Muat kurikulum awal (modul Markdown dan bank soal JSON). Aman dijalankan berulang."

    def add_arguments(self, parser):
        parser.add_argument("--update", action="store_true",
                            help="Timpa teks modul dan soal dengan isi berkas (suntingan admin hilang).")

    def handle(self, *args, update: bool = False, **options):
        with transaction.atomic():
            result = load_curriculum(update=update)
        self.stdout.write(self.style.SUCCESS(
            f"Kurikulum dimuat: {result.courses} kursus, {result.modules} modul, {result.questions} soal baru"
            + (", versi 1 diterbitkan" if result.version_published else "") + "."
        ))
