"""Rebuild the claim-matching index from every published clarification and save a snapshot.

Running processes see the rebuild in the change log and reload (in the background); new processes
start from the snapshot and replay the log after it. `--snapshot-only` (the periodic job, a release
step before starting new processes) leaves running processes alone.
"""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from tangkal.matching.live import snapshot_write


class Command(BaseCommand):
    help = "Bangun ulang indeks pencocokan klaim dari semua klarifikasi yang terbit dan simpan snapshot-nya."

    def add_arguments(self, parser):
        parser.add_argument("--dir", default=None, help="folder snapshot (bawaan: MATCHING_SNAPSHOT_DIR)")
        parser.add_argument("--keep", type=int, default=3, help="snapshot lama yang disimpan")
        parser.add_argument("--snapshot-only", action="store_true",
                            help="hanya simpan snapshot untuk proses baru; proses yang berjalan tidak memuat ulang")

    def handle(self, *args, **options):
        directory = options["dir"] or settings.MATCHING_SNAPSHOT_DIR
        if not directory:
            raise CommandError("MATCHING_SNAPSHOT_DIR kosong; berikan --dir.")
        meta = snapshot_write(directory, keep=options["keep"], reload=not options["snapshot_only"])
        self.stdout.write(self.style.SUCCESS(
            f"Indeks dibangun ulang: {meta['documents']} klarifikasi dalam {meta['build_seconds']} s "
            f"→ {meta['path']} (perubahan #{meta['anchor_seq']})"))
