from django.urls import path

from tangkal.badges import manage_views, views

app_name = "badges"
urlpatterns = [
    path(".well-known/did.json", views.did_document, name="did_document"),
    path("lencana/status/<str:purpose>/<int:number>", views.status_list, name="status_list"),
    path("lencana/pencapaian/influencer-pemerintah", views.achievement, name="achievement"),
    path("lencana/pencapaian/influencer-pemerintah.svg", views.achievement_image, name="achievement_image"),
    path("lencana/cari/", views.search, name="search"),
    path("v/<uuid:public_id>", views.verify, name="verify"),
    path("v/<uuid:public_id>/kredensial.json", views.credential_json, name="credential_json"),
    path("v/<uuid:public_id>/lencana.svg", views.image_svg, name="image_svg"),
    path("v/<uuid:public_id>/lencana.png", views.image_png, name="image_png"),
    path("b/<str:code>", views.short_link, name="short"),
    path("lencana/saya/", manage_views.mine, name="mine"),
    path("lencana/saya/ajukan/", manage_views.request_badge, name="request"),
    path("lencana/saya/persetujuan-tampil/", manage_views.consent, name="consent"),
    path("lencana/saya/perbarui/", manage_views.renew, name="renew"),
    path("lencana/kelola/", manage_views.manage_list, name="manage_list"),
    path("lencana/kelola/<uuid:public_id>/", manage_views.manage_detail, name="manage_detail"),
    path("lencana/kelola/<uuid:public_id>/setujui/", manage_views.approve, name="approve"),
    path("lencana/kelola/<uuid:public_id>/tolak/", manage_views.reject, name="reject"),
    path("lencana/kelola/<uuid:public_id>/tangguhkan/", manage_views.suspend, name="suspend"),
    path("lencana/kelola/<uuid:public_id>/pulihkan/", manage_views.reinstate, name="reinstate"),
    path("lencana/kelola/<uuid:public_id>/cabut/", manage_views.revoke, name="revoke"),
]
