from tangkal.core.access import EVERYONE, SIGNED_IN, STAFF, Route

ROUTES = [
    Route("accounts:login", EVERYONE),
    Route("accounts:logout", EVERYONE, method="POST"),
    # Signed-in users who already passed 2FA are sent on; the anonymous are sent to sign in.
    Route("accounts:2fa_setup", SIGNED_IN),
    Route("accounts:2fa_verify", SIGNED_IN),
    Route("accounts:api_tokens", STAFF),
    Route("accounts:api_tokens", STAFF, method="POST", data=lambda w: {"name": "mitra", "scope": "read"}),
    # Tokens are personal: only their owner (the admin here) may revoke them.
    Route("accounts:api_token_revoke", frozenset({"admin"}), method="POST",
          kwargs=lambda w: {"public_id": w.admin_token.public_id}),
]


def build(world) -> None:
    from tangkal.accounts.models import APIToken

    world.admin_token, _raw = APIToken.issue(user=world.admin, name="uji")
