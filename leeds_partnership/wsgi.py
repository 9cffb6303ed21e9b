"""WSGI entry point used by gunicorn. Production settings unless told otherwise."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "leeds_partnership.settings.production")

application = get_wsgi_application()
