from django.core.management.base import BaseCommand

from tangkal.hoaxes.ingest import feed_fetch
from tangkal.hoaxes.models import FeedSource


class Command(BaseCommand):
    help = "Ambil semua feed klarifikasi yang aktif sekarang (biasanya dijadwalkan otomatis)."

    def handle(self, *args, **options):
        for source in FeedSource.objects.filter(is_active=True):
            imported = feed_fetch(source)
            source.refresh_from_db()
            self.stdout.write(f"{source.name}: {imported} baru ({source.last_status})")
