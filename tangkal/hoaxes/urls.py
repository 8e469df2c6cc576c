from django.urls import path

from tangkal.hoaxes import feeds, opendata
from tangkal.hoaxes.views import desk, public, telegram

app_name = "hoaxes"
urlpatterns = [
    # Public: report, follow a report, read clarifications, feeds and open data.
    path("lapor/", public.report_create, name="report"),
    path("lapor/terima-kasih/", public.report_thanks, name="report_thanks"),
    path("lapor/status/", public.track_lookup, name="track_lookup"),
    path("lapor/status/<str:code>/", public.track, name="track"),
    path("lapor/status/<str:code>/hapus-kontak/", public.track_contact_delete, name="track_contact_delete"),
    path("laporan-saya/", public.my_reports, name="my_reports"),
    path("klarifikasi/", public.clarification_list, name="public_list"),
    path("klarifikasi/rss/", feeds.ClarificationRSS(), name="rss"),
    path("klarifikasi/atom/", feeds.ClarificationAtom(), name="atom"),
    path("klarifikasi/data/", public.open_data, name="open_data"),
    path("klarifikasi/data/klarifikasi.jsonl", opendata.jsonl, name="open_data_jsonl"),
    path("klarifikasi/data/klarifikasi.csv", opendata.csv_export, name="open_data_csv"),
    path("klarifikasi/gambar/<uuid:public_id>/", public.clarification_image, name="public_image"),
    path("klarifikasi/<slug:slug>/", public.clarification_detail, name="public_detail"),
    path("telegram/webhook/", telegram.webhook, name="telegram_webhook"),
    # The desk.
    path("meja-hoaks/", desk.queue, name="desk"),
    path("meja-hoaks/metrik/", desk.metrics, name="metrics"),
    path("meja-hoaks/klaim/<uuid:public_id>/", desk.claim_detail, name="claim"),
    path("meja-hoaks/klaim/<uuid:public_id>/triase/", desk.claim_triage, name="claim_triage"),
    path("meja-hoaks/klaim/<uuid:public_id>/catatan/", desk.claim_note, name="claim_note"),
    path("meja-hoaks/klaim/<uuid:public_id>/gabung/", desk.claim_merge, name="claim_merge"),
    path("meja-hoaks/klaim/<uuid:public_id>/pisah/", desk.claim_split, name="claim_split"),
    path("meja-hoaks/klaim/<uuid:public_id>/klarifikasi/", desk.clarification_create, name="clarification_create"),
    path("meja-hoaks/gambar/<uuid:public_id>/", desk.report_image, name="report_image"),
    path("meja-hoaks/klarifikasi/", desk.clarification_list, name="clarifications"),
    path("meja-hoaks/klarifikasi/<uuid:public_id>/", desk.clarification_detail, name="clarification"),
    path("meja-hoaks/klarifikasi/<uuid:public_id>/ubah/", desk.clarification_edit, name="clarification_edit"),
    path("meja-hoaks/klarifikasi/<uuid:public_id>/gambar/", desk.clarification_image, name="clarification_image"),
    path("meja-hoaks/klarifikasi/gambar/<uuid:public_id>/hapus/", desk.clarification_image_delete,
         name="clarification_image_delete"),
    path("meja-hoaks/klarifikasi/<uuid:public_id>/ajukan/", desk.clarification_submit, name="clarification_submit"),
    path("meja-hoaks/klarifikasi/<uuid:public_id>/kembalikan/", desk.clarification_return,
         name="clarification_return"),
    path("meja-hoaks/klarifikasi/<uuid:public_id>/setujui/", desk.clarification_approve,
         name="clarification_approve"),
    path("meja-hoaks/klarifikasi/<uuid:public_id>/tarik/", desk.clarification_withdraw,
         name="clarification_withdraw"),
]
