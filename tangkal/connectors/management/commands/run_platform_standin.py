from django.core.management.base import BaseCommand

from tangkal.connectors.standin.app import app, make


class Command(BaseCommand):
    help = "Jalankan server tiruan API platform (X, YouTube, Instagram, Facebook, TikTok, masuk dengan Google dan X) untuk demo dan uji."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8765)
        parser.add_argument("--mode", default="ok", choices=["ok", "429", "500", "garbage", "404"])

    def handle(self, *args, **options):
        app.mode = options["mode"]
        server = make(options["host"], options["port"], app)
        self.stdout.write(f"stand-in platform server on http://{options['host']}:{options['port']}")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()
