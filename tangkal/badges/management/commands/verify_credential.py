import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tangkal.badges import verification
from tangkal.badges.images import unbake_png, unbake_svg
from tangkal.badges.models import Badge


class Command(BaseCommand):
    help = ("Verify an OpenBadgeCredential (JSON file, baked PNG or SVG, '-' for stdin, or --id of a stored "
            "badge): structure, signature against this deployment's did:web, dates and status-list bits. "
            "Exit status 0 only when every check passes.")

    def add_arguments(self, parser):
        parser.add_argument("source", nargs="?", help="file path or '-' for standard input")
        parser.add_argument("--id", dest="public_id", help="public id of a badge stored here")
        parser.add_argument("--json", action="store_true", help="print the result as JSON")

    def load(self, options) -> object:
        if options["public_id"]:
            badge = Badge.objects.filter(public_id=options["public_id"]).first()
            if badge is None or badge.credential is None:
                raise CommandError(f"no issued badge with id {options['public_id']}")
            return badge.credential
        source = options["source"]
        if not source:
            raise CommandError("give a file, '-' or --id")
        data = sys.stdin.buffer.read() if source == "-" else Path(source).read_bytes()
        try:
            if data.startswith(b"\x89PNG"):
                found = unbake_png(data)
            elif b"<openbadges:credential" in data[:4096] or data.lstrip().startswith(b"<"):
                found = unbake_svg(data.decode("utf-8"))
            else:
                found = json.loads(data)
        except (ValueError, OSError) as exc:
            raise CommandError(f"cannot read a credential from {source}: {exc}") from exc
        if found is None:
            raise CommandError(f"{source} has no baked credential")
        return found

    def handle(self, *args, **options):
        result = verification.result_as_dict(verification.verify(self.load(options)))
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
        else:
            for check in result["checks"]:
                mark = {"passed": "OK  ", "failed": "FAIL", "skipped": "SKIP"}[check["status"]]
                self.stdout.write(f"{mark} {check['name']:<18} {check['code']:<28} {check['message']}")
            if result["ok"]:
                self.stdout.write(self.style.SUCCESS(f"RESULT: {result['state']} — {result['state_label']}"))
            else:
                self.stdout.write(self.style.ERROR(
                    f"RESULT: {result['state']} — {result['state_label']} "
                    f"(failed check: {result['failed_check']}, code: {result['failed_code']})"))
        if not result["ok"]:
            sys.exit(1)
