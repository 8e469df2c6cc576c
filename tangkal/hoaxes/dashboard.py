from django.utils.translation import gettext_lazy as _

from tangkal.core.dashboard import Card, PublicLink

CARDS = [
    Card(_("Meja hoaks"), _("Antrean klaim menurut prioritas, dengan pengatur waktu SLA."), "hoaxes:desk",
         frozenset({"admin", "verifier", "coordinator"})),
    Card(_("Klarifikasi"), _("Draf, menunggu persetujuan, dan yang sudah terbit."), "hoaxes:clarifications",
         frozenset({"admin", "verifier"})),
    Card(_("Metrik meja hoaks"), _("Laporan per hari, waktu triase dan waktu terbit per pekan."), "hoaxes:metrics",
         frozenset({"admin", "verifier"})),
    Card(_("Laporkan hoaks"), _("Satu langkah: tempel pesan atau tautan, kirim. Lihat hasil laporan Anda."),
         "hoaxes:my_reports", frozenset({"influencer", "admin", "verifier", "coordinator"})),
]

PUBLIC_LINKS = [
    PublicLink(_("Laporkan hoaks"), _("Kirim pesan, tautan, atau gambar yang mencurigakan. Tanpa perlu masuk."),
               "hoaxes:report", order=10),
    PublicLink(_("Klarifikasi hoaks"), _("Cari klarifikasi yang sudah terbit."), "hoaxes:public_list", order=20),
    PublicLink(_("Cek status laporan"), _("Masukkan kode pelacakan laporan Anda."), "hoaxes:track_lookup", order=30),
]
