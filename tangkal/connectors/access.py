"""Who may reach each of this app's routes; the access test walks every route against this list."""

from tangkal.core.access import INFLUENCER, Route

ROUTES: list[Route] = [
    # Only an ASN (influencer with a profile) may start or finish the Google sign-in; without
    # configuration or a state the flow ends with a message on the ASN's page, not an error.
    Route("connectors:google_start", INFLUENCER),
    Route("connectors:google_callback", INFLUENCER),
    # Signing in with X proves one of the ASN's own X accounts (others' are 404); without
    # configuration the ASN is sent back to the account page with a message.
    Route("connectors:x_start", INFLUENCER, kwargs=lambda w: {"public_id": w.pending_account.public_id}),
    Route("connectors:x_callback", INFLUENCER),
]
