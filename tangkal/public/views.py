from django.shortcuts import render
from django.views.decorators.cache import cache_control

from tangkal.core.dashboard import public_links


@cache_control(public=True, max_age=60)
def home(request):
    return render(request, "public/home.html", {"links": public_links()})
