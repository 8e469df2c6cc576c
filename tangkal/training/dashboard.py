from django.utils.translation import gettext_lazy as _

from tangkal.core.dashboard import Card

CARDS = [
    Card(_("Pelatihan saya"), _("Modul, kuis, sesi orientasi, dan sertifikat Anda."), "training:home",
         frozenset({"influencer"})),
    Card(_("Kemajuan pelatihan"), _("Siapa yang sudah menuntaskan kurikulum wajib di instansi Anda."),
         "training:progress", frozenset({"admin", "coordinator"})),
    Card(_("Sesi orientasi"), _("Jadwalkan sesi, undang angkatan, dan catat kehadiran."), "training:sessions",
         frozenset({"admin", "coordinator"})),
]
