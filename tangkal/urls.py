from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.static import serve

from tangkal.api.urls import api

handler400 = "tangkal.core.views.bad_request"
handler403 = "tangkal.core.views.permission_denied"
handler404 = "tangkal.core.views.page_not_found"
handler500 = "tangkal.core.views.server_error"

admin.site.site_header = "Tangkal"
admin.site.site_title = "Tangkal"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("", include("tangkal.core.urls")),
    path("", include("tangkal.accounts.urls")),
    path("", include("tangkal.influencers.urls")),
    path("", include("tangkal.connectors.urls")),
    path("", include("tangkal.training.urls")),
    path("", include("tangkal.badges.urls")),
    path("", include("tangkal.hoaxes.urls")),
    path("", include("tangkal.matching.urls")),
    path("", include("tangkal.campaigns.urls")),
    path("", include("tangkal.complaints.urls")),
    path("", include("tangkal.reports.urls")),
    path("", include("tangkal.public.urls")),
]

if settings.DEBUG:
    urlpatterns += [path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT})]
