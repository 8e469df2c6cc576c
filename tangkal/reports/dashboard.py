from django.utils.translation import gettext_lazy as _

from tangkal.core.dashboard import Card

CARDS = [
    Card(_("Dasbor program"), _("Corong, pengikut, meja hoaks, dan kampanye dengan unduhan CSV."),
         "reports:dashboard", frozenset({"admin", "coordinator"})),
    Card(_("Laporan mingguan"), _("Arsip PDF dan XLSX setiap Senin."), "reports:weekly_archive",
         frozenset({"admin", "coordinator"})),
]
