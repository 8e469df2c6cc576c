from django.urls import path

from tangkal.reports import views

app_name = "reports"
urlpatterns = [
    path("laporan/dasbor/", views.dashboard, name="dashboard"),
    path("laporan/dasbor/unduh/<slug:key>/", views.chart_download, name="chart_download"),
    path("laporan/dasbor/perbarui/", views.refresh, name="refresh"),
    path("laporan/mingguan/", views.weekly_archive, name="weekly_archive"),
    path("laporan/mingguan/buat/", views.weekly_generate, name="weekly_generate"),
    path("laporan/mingguan/<uuid:public_id>/<str:kind>/", views.weekly_download, name="weekly_download"),
]
