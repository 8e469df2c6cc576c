"""Who may reach each of this app's routes; the access test walks every route against this list."""

from tangkal.core.access import EVERYONE, Route

ROUTES: list[Route] = [
    Route("matching:check", EVERYONE),
    Route("matching:check", EVERYONE, method="POST", label="message",
          data=lambda w: {"text": "Air kelapa dicampur garam menyembuhkan demam berdarah dalam satu malam"}),
    Route("api-1:check_text", EVERYONE, method="POST", content_type="application/json",
          data=lambda w: {"text": "Air kelapa dicampur garam menyembuhkan demam berdarah dalam satu malam"}),
]
