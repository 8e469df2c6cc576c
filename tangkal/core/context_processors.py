from django.conf import settings


def tangkal(request):
    return {"SITE_URL": settings.SITE_URL, "PRODUCTION": settings.PRODUCTION}
