import logging
import signal
import time

from django.conf import settings
from django.core.management.base import BaseCommand

from tangkal.core.scheduler import registered_jobs, run_due_jobs

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Antrikan tugas berkala saat jatuh tempo (aman dijalankan di beberapa mesin)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Periksa sekali lalu berhenti.")

    def handle(self, *args, **options):
        self.running = True
        signal.signal(signal.SIGTERM, self._stop)
        signal.signal(signal.SIGINT, self._stop)
        self.stdout.write(f"scheduler: {len(registered_jobs())} periodic jobs")
        while self.running:
            try:
                for name in run_due_jobs():
                    self.stdout.write(f"enqueued {name}")
            except Exception:  # a bad tick must not kill the scheduler
                logger.exception("scheduler tick failed")
            if options["once"]:
                break
            time.sleep(settings.SCHEDULER_TICK_SECONDS)

    def _stop(self, *args):
        self.running = False
