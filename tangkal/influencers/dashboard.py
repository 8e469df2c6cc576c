from django.utils.translation import gettext_lazy as _

from tangkal.core.dashboard import Card, PublicLink

CARDS = [
    Card(_("Kepesertaan saya"), _("Akun media sosial, riwayat pengikut, dan kelayakan Anda."), "influencers:home",
         frozenset({"influencer"})),
    Card(_("Daftar ASN"), _("ASN instansi per tahap, impor daftar, angkatan, bukti, dan anomali."),
         "influencers:roster", frozenset({"admin", "coordinator"})),
    Card(_("Kebijakan kelayakan"), _("Ambang pengikut dan cara menghitungnya; setiap perubahan berversi."),
         "influencers:policy", frozenset({"admin"})),
]

PUBLIC_LINKS = [
    PublicLink(_("Daftar sebagai Influencer ASN"), _("Untuk ASN dengan minimal 500 pengikut di media sosial."),
               "influencers:register", order=40),
]
