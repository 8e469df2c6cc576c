from django.utils.translation import gettext_lazy as _

from tangkal.accounts.models import STAFF_ROLES
from tangkal.core.dashboard import Card

CARDS = [
    Card(_("Token API"), _("Buat dan cabut token untuk aplikasi mitra."), "accounts:api_tokens",
         frozenset(STAFF_ROLES)),
]
