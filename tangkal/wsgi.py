import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tangkal.settings")

from tangkal.campaigns.shortlink_wsgi import wrap  # noqa: E402

# `/s/<code>` short links are answered before the Django middleware stack (see campaigns/shortlink_wsgi.py).
application = wrap(get_wsgi_application())
