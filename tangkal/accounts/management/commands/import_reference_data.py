from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from tangkal.accounts.models import Agency, Region
from tangkal.accounts.reference import (
    AGENCY_COLUMNS,
    REGION_COLUMNS,
    ReferenceDataError,
    load_agencies,
    load_regions,
    read_csv,
    regional_government_rows,
)


class Command(BaseCommand):
    help = "Perbarui data wilayah dan/atau instansi dari CSV (upsert berdasarkan kode; semua atau tidak sama sekali)."

    def add_arguments(self, parser):
        parser.add_argument("--regions", help="CSV: code,name,level,parent_code")
        parser.add_argument("--agencies", help="CSV: code,name,short_name,kind,email_domains[,region_code]")
        parser.add_argument(
            "--regional-governments", action="store_true",
            help="Buat/perbarui instansi pemerintah daerah untuk setiap wilayah.",
        )

    def handle(self, *args, **options):
        if not (options["regions"] or options["agencies"] or options["regional_governments"]):
            raise CommandError("Beri --regions, --agencies atau --regional-governments.")
        try:
            with transaction.atomic():
                if options["regions"]:
                    count = load_regions(Region, read_csv(options["regions"], REGION_COLUMNS))
                    self.stdout.write(f"{count} wilayah diperbarui")
                if options["agencies"]:
                    count = load_agencies(Agency, read_csv(options["agencies"], AGENCY_COLUMNS))
                    self.stdout.write(f"{count} instansi diperbarui")
                if options["regional_governments"]:
                    count = load_agencies(Agency, regional_government_rows(Region))
                    self.stdout.write(f"{count} pemerintah daerah diperbarui")
        except (ReferenceDataError, OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"Tidak ada yang diubah: {exc}") from exc
