from django.urls import path

from tangkal.influencers import views, views_staff

app_name = "influencers"
urlpatterns = [
    path("daftar/", views.register, name="register"),
    path("daftar/terkirim/", views.register_done, name="register_done"),
    path("daftar/konfirmasi/<str:token>/", views.verify_email, name="verify_email"),
    path("daftar/undangan/<str:token>/", views.accept_invitation, name="accept_invitation"),
    path("saya/", views.home, name="home"),
    path("saya/akun/tambah/", views.account_add, name="account_add"),
    path("saya/akun/<uuid:public_id>/", views.account_detail, name="account"),
    path("saya/akun/<uuid:public_id>/kode/", views.bio_code_issue, name="bio_code_issue"),
    path("saya/akun/<uuid:public_id>/kode/periksa/", views.bio_code_check, name="bio_code_check"),
    path("saya/akun/<uuid:public_id>/bukti/", views.evidence_submit, name="evidence_submit"),
    path("saya/akun/<uuid:public_id>/perbarui/", views.account_refresh, name="account_refresh"),
    path("saya/akun/<uuid:public_id>/hapus/", views.account_remove, name="account_remove"),
    path("koordinator/asn/", views_staff.roster_list, name="roster"),
    path("koordinator/asn/ekspor/", views_staff.roster_export, name="roster_export"),
    path("koordinator/asn/<uuid:public_id>/", views_staff.asn_detail, name="asn"),
    path("koordinator/bukti/", views_staff.evidence_queue, name="evidence_queue"),
    path("koordinator/bukti/<uuid:public_id>/", views_staff.evidence_review, name="evidence_review"),
    path("koordinator/bukti/<uuid:public_id>/berkas/", views_staff.evidence_file, name="evidence_file"),
    path("koordinator/anomali/", views_staff.anomaly_list, name="anomalies"),
    path("koordinator/anomali/<uuid:public_id>/tutup/", views_staff.anomaly_clear, name="anomaly_clear"),
    path("koordinator/impor/", views_staff.import_list, name="imports"),
    path("koordinator/impor/templat.csv", views_staff.import_template, name="import_template"),
    path("koordinator/impor/<uuid:public_id>/", views_staff.import_detail, name="import"),
    path("koordinator/impor/<uuid:public_id>/progres/", views_staff.import_progress, name="import_progress"),
    path("koordinator/impor/<uuid:public_id>/terapkan/", views_staff.import_commit, name="import_commit"),
    path("koordinator/impor/<uuid:public_id>/galat.csv", views_staff.import_errors, name="import_errors"),
    path("koordinator/angkatan/", views_staff.cohort_list, name="cohorts"),
    path("koordinator/angkatan/<uuid:public_id>/", views_staff.cohort_detail, name="cohort"),
    path("koordinator/angkatan/<uuid:public_id>/undang/", views_staff.cohort_invite, name="cohort_invite"),
    path("program/kebijakan-kelayakan/", views_staff.policy, name="policy"),
]
