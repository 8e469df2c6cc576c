from django.urls import path

from tangkal.matching import views

app_name = "matching"
urlpatterns = [
    path("cek-hoaks/", views.check, name="check"),
]
