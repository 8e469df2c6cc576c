from django.utils.translation import gettext_lazy as _

from tangkal.accounts.models import STAFF_ROLES, Role
from tangkal.core.dashboard import Card

CARDS = [
    Card(_("Ganti email"), _("Ganti email yang Anda pakai untuk masuk, misalnya setelah pindah instansi."),
         "accounts:email_change", frozenset(Role.values)),
    Card(_("Token API"), _("Buat dan cabut token untuk aplikasi mitra."), "accounts:api_tokens",
         frozenset(STAFF_ROLES)),
]
