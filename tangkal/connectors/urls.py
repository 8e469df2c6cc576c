from django.urls import path

from tangkal.connectors import views

app_name = "connectors"
urlpatterns = [
    path("saya/akun/google/mulai/", views.google_start, name="google_start"),
    path("saya/akun/google/kembali/", views.google_callback, name="google_callback"),
    path("saya/akun/x/mulai/<uuid:public_id>/", views.x_start, name="x_start"),
    path("saya/akun/x/kembali/", views.x_callback, name="x_callback"),
]
