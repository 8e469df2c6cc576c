from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from tangkal.badges.crypto.keys import generate_private_key, private_key_to_multibase, public_key_to_multibase
from tangkal.badges.issuer import KeyringError, rotate_keyring


class Command(BaseCommand):
    help = ("Create a new badge issuer key. The current key is kept in the keyring as retired (public half "
            "only), so credentials it signed keep verifying through did.json; status lists are re-signed.")

    def add_arguments(self, parser):
        parser.add_argument("--path", help="keyring file (default: BADGE_ISSUER_KEY_FILE)")
        parser.add_argument("--print-only", action="store_true",
                            help="print a new key for BADGE_ISSUER_KEY and change nothing")
        parser.add_argument("--no-republish", action="store_true", help="do not re-sign the status lists")

    def handle(self, *args, **options):
        if options["print_only"]:
            key = generate_private_key()
            self.stdout.write(f"BADGE_ISSUER_KEY={private_key_to_multibase(key)}")
            self.stdout.write(f"# public key: {public_key_to_multibase(key.public_key())}")
            self.stdout.write("# when rotating, add the old key's public half to BADGE_ISSUER_RETIRED_KEYS")
            return
        if settings.BADGE_ISSUER_KEY and not options["path"]:
            raise CommandError("BADGE_ISSUER_KEY is set, so the keyring file is not used. Generate a key with "
                               "--print-only and move the old public key to BADGE_ISSUER_RETIRED_KEYS.")
        path = options["path"] or settings.BADGE_ISSUER_KEY_FILE
        try:
            new, retired = rotate_keyring(path=path)
        except KeyringError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"new issuer key {new} in {path}"))
        if retired:
            self.stdout.write(f"retired key {retired} stays in did.json so its credentials keep verifying")
        if not options["no_republish"] and not options["path"]:
            from tangkal.badges.status_lists import status_lists_publish_pending

            count = status_lists_publish_pending(force=True)
            self.stdout.write(f"status lists re-signed with the new key: {count}")
