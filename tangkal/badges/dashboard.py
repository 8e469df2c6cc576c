from django.utils.translation import gettext_lazy as _

from tangkal.core.dashboard import Card, PublicLink

CARDS = [
    Card(_("Lencana saya"), _("Status lencana Influencer Pemerintah Anda dan tautan untuk bio."), "badges:mine",
         frozenset({"influencer"})),
    Card(_("Kelola lencana"), _("Setujui permintaan lencana; tangguhkan atau cabut bila perlu."),
         "badges:manage_list", frozenset({"admin", "coordinator"})),
]

PUBLIC_LINKS = [
    PublicLink(_("Cek Influencer Pemerintah"), _("Pastikan sebuah akun media sosial benar pemegang lencana."),
               "badges:search", order=30),
]
