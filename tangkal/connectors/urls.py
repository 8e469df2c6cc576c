from django.urls import path

from tangkal.connectors import views

app_name = "connectors"
urlpatterns = [
    path("saya/akun/google/mulai/", views.google_start, name="google_start"),
    path("saya/akun/google/kembali/", views.google_callback, name="google_callback"),
]
