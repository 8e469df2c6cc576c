from tangkal.core.access import EVERYONE, SIGNED_IN, Route

ROUTES = [
    Route("accounts:login", EVERYONE),
    Route("accounts:logout", EVERYONE, method="POST"),
    # Signed-in users who already passed 2FA are sent on; the anonymous are sent to sign in.
    Route("accounts:2fa_setup", SIGNED_IN),
    Route("accounts:2fa_verify", SIGNED_IN),
]
