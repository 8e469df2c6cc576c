from django.utils.translation import gettext_lazy as _

from tangkal.core.dashboard import Card, PublicLink

CARDS = [
    Card(_("Cek Hoaks"), _("Tempel pesan berantai: klarifikasi yang sudah terbit untuk pesan itu, dalam sekejap."),
         "matching:check", frozenset({"admin", "verifier", "influencer", "coordinator"})),
]

PUBLIC_LINKS = [
    PublicLink(_("Cek Hoaks"), _("Tempel pesan atau tautan yang Anda terima; lihat apakah sudah diklarifikasi."),
               "matching:check", order=5),
]
