from django.urls import path

from tangkal.training import views

app_name = "training"
urlpatterns = [
    path("pelatihan/", views.home, name="home"),
    path("pelatihan/kursus/<slug:slug>/", views.course, name="course"),
    path("pelatihan/kursus/<slug:course_slug>/<slug:module_slug>/", views.module, name="module"),
    path("pelatihan/kursus/<slug:course_slug>/<slug:module_slug>/selesai/", views.module_done, name="module_done"),
    path("pelatihan/kursus/<slug:course_slug>/<slug:module_slug>/kuis/", views.quiz_start, name="quiz_start"),
    path("pelatihan/kuis/<uuid:public_id>/", views.attempt, name="attempt"),
    path("pelatihan/kuis/<uuid:public_id>/kirim/", views.attempt_submit, name="attempt_submit"),
    path("pelatihan/materi/<uuid:public_id>/", views.material, name="material"),
    path("pelatihan/sertifikat/<uuid:public_id>/", views.certificate_verify, name="certificate"),
    path("pelatihan/sertifikat/<uuid:public_id>/pdf/", views.certificate_pdf, name="certificate_pdf"),
    path("pelatihan/kemajuan/", views.progress, name="progress"),
    path("pelatihan/sesi/", views.sessions, name="sessions"),
    path("pelatihan/sesi/baru/", views.session_create, name="session_create"),
    path("pelatihan/sesi/<uuid:public_id>/", views.session_detail, name="session_detail"),
    path("pelatihan/sesi/<uuid:public_id>/undang/", views.session_invite, name="session_invite"),
    path("pelatihan/sesi/<uuid:public_id>/kehadiran/", views.session_attendance, name="session_attendance"),
    path("pelatihan/sesi/<uuid:public_id>/qr/", views.session_qr, name="session_qr"),
    path("pelatihan/hadir/<str:token>/", views.checkin, name="checkin"),
]
