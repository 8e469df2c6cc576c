from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Layani tautan pendek /s/<kode> dengan server kecil khusus (asyncio, beberapa proses)."

    def add_arguments(self, parser):
        parser.add_argument("--bind", default="127.0.0.1:8001", help="alamat:port")
        parser.add_argument("--workers", type=int, default=2)

    def handle(self, *args, bind: str, workers: int, **options):
        from tangkal.campaigns.shortlink_server import run

        host, _sep, port = bind.rpartition(":")
        run(host=host.strip("[]") or "127.0.0.1", port=int(port), workers=workers)
