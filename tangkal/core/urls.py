from django.urls import path

from tangkal.core import views

app_name = "core"
urlpatterns = [
    path("dasbor/", views.dashboard, name="dashboard"),
    path("healthz", views.healthz, name="healthz"),
]
