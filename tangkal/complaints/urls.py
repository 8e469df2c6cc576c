from django.urls import path

from tangkal.complaints import views

app_name = "complaints"
urlpatterns = [
    path("v/<uuid:public_id>/laporkan/", views.new, name="new"),
    path("lencana/pengaduan/", views.queue, name="queue"),
    path("lencana/pengaduan/<uuid:public_id>/", views.detail, name="detail"),
    path("lencana/pengaduan/<uuid:public_id>/putuskan/", views.decide, name="decide"),
]
