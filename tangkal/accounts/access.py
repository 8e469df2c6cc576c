import secrets

from tangkal.core.access import EVERYONE, SIGNED_IN, STAFF, Route


def _reset_link_kwargs(world) -> dict:
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    user = world.influencer
    return {"uidb64": urlsafe_base64_encode(force_bytes(user.pk)), "token": default_token_generator.make_token(user)}


def _email_change_link_kwargs(world) -> dict:
    from tangkal.accounts.services import email_change_token

    return {"token": email_change_token(user=world.influencer, new_email="baru@a.go.id")}


ROUTES = [
    Route("accounts:login", EVERYONE),
    Route("accounts:logout", EVERYONE, method="POST"),
    # Password reset is public. A fresh unknown address each time keeps the per-address limit out of the way.
    Route("accounts:password_reset", EVERYONE),
    Route("accounts:password_reset", EVERYONE, method="POST",
          data=lambda w: {"email": f"tidak-terdaftar-{secrets.token_hex(4)}@contoh.go.id"}),
    Route("accounts:password_reset_done", EVERYONE),
    Route("accounts:password_reset_confirm", EVERYONE, kwargs=_reset_link_kwargs),
    Route("accounts:password_reset_confirm", EVERYONE, kwargs=lambda w: {"uidb64": "MA", "token": "bukan-token"},
          label="invalid link"),
    Route("accounts:password_reset_complete", EVERYONE),
    # Signed-in users who already passed 2FA are sent on; the anonymous are sent to sign in.
    Route("accounts:2fa_setup", SIGNED_IN),
    Route("accounts:2fa_verify", SIGNED_IN),
    # "Ganti email": every signed-in account; a wrong password keeps the POST harmless.
    Route("accounts:email_change", SIGNED_IN),
    Route("accounts:email_change", SIGNED_IN, method="POST",
          data=lambda w: {"new_email": "baru@a.go.id", "password": "bukan-sandinya"}),
    # The confirmation link is the proof: whoever holds it sees what it does (GET changes nothing).
    Route("accounts:email_change_confirm", EVERYONE, kwargs=_email_change_link_kwargs),
    Route("accounts:email_change_confirm", EVERYONE, kwargs=lambda w: {"token": "bukan-token"}, label="invalid link"),
    Route("accounts:api_tokens", STAFF),
    Route("accounts:api_tokens", STAFF, method="POST", data=lambda w: {"name": "mitra", "scope": "read"}),
    # Tokens are personal: only their owner (the admin here) may revoke them.
    Route("accounts:api_token_revoke", frozenset({"admin"}), method="POST",
          kwargs=lambda w: {"public_id": w.admin_token.public_id}),
]


def build(world) -> None:
    from tangkal.accounts.models import APIToken

    world.admin_token, _raw = APIToken.issue(user=world.admin, name="uji")
