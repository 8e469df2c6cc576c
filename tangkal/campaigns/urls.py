from django.urls import path

from tangkal.campaigns.views import mine, public, staff

app_name = "campaigns"
urlpatterns = [
    # Back office
    path("kampanye/", staff.campaign_list, name="list"),
    path("kampanye/baru/", staff.campaign_create, name="create"),
    path("kampanye/pengaturan/", staff.guardrail_settings, name="guardrails"),
    path("kampanye/pengaturan/masa-tenang/<int:pk>/hapus/", staff.blackout_delete, name="blackout_delete"),
    path("kampanye/pengaturan/kata/<int:pk>/hapus/", staff.watch_word_delete, name="watch_word_delete"),
    path("kampanye/peringkat/", public.leaderboard, name="leaderboard"),
    path("kampanye/<uuid:public_id>/", staff.campaign_detail, name="detail"),
    path("kampanye/<uuid:public_id>/ubah/", staff.campaign_edit, name="edit"),
    path("kampanye/<uuid:public_id>/ajukan/", staff.campaign_submit, name="submit"),
    path("kampanye/<uuid:public_id>/setujui/", staff.campaign_approve, name="approve"),
    path("kampanye/<uuid:public_id>/kembalikan/", staff.campaign_reject, name="reject"),
    path("kampanye/<uuid:public_id>/pengecualian/", staff.campaign_override, name="override"),
    path("kampanye/<uuid:public_id>/luncurkan/", staff.campaign_launch_view, name="launch"),
    path("kampanye/<uuid:public_id>/akhiri/", staff.campaign_close, name="close"),
    path("kampanye/<uuid:public_id>/dasbor/", staff.campaign_metrics, name="metrics"),
    path("kampanye/<uuid:public_id>/gambar/<str:size>.png", staff.campaign_image, name="preview_image"),
    # The influencer's side
    path("tugas/", mine.inbox, name="inbox"),
    path("tugas/rekam-jejak/", mine.my_record, name="record"),
    path("tugas/<str:code>/", mine.kit_view, name="kit"),
    path("tugas/<str:code>/posting/", mine.post_submit, name="post"),
    path("tugas/<str:code>/tolak/", mine.decline, name="decline"),
    path("tugas/<str:code>/gambar/<str:size>.png", mine.kit_image, name="image"),
    # Public
    path("s/<str:segment>", public.shortlink, name="shortlink"),
    path("informasi/<uuid:public_id>/", public.information, name="information"),
]
