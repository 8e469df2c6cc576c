from django.utils.translation import gettext_lazy as _

from tangkal.core.dashboard import Card

CARDS = [
    Card(_("Pengaduan lencana"), _("Tinjau laporan warga tentang pemegang lencana."), "complaints:queue",
         frozenset({"admin"})),
]
