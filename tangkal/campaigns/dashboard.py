from django.utils.translation import gettext_lazy as _

from tangkal.core.dashboard import Card

CARDS = [
    Card(_("Kampanye"), _("Kit kontra-hoaks dan informasi publik: persetujuan, peluncuran, dasbor."),
         "campaigns:list", frozenset({"admin", "coordinator", "verifier"})),
    Card(_("Tugas kampanye"), _("Kit siap-bagikan, bukti posting, rekam jejak dan poin Anda."),
         "campaigns:inbox", frozenset({"influencer"})),
]
