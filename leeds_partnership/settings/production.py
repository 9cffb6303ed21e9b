"""Production: base settings plus checks that the environment is complete.

The site refuses to start, with one message naming what is missing, rather
than run with a guessable key, an open host list or a throw-away database.
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import ALLOWED_HOSTS, STORAGES, env

env.require("SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL")
if "*" in ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS must list the site's own host names in production, not '*'."
    )

# Compressed, content-hashed file names: browsers can cache static files for a
# year and never see a stale stylesheet after a release.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

ALLOW_SEARCH_ENGINE_INDEXING = env.get_bool("ALLOW_SEARCH_ENGINE_INDEXING", True)

# Links in notification emails point at the public address.
WAGTAILADMIN_BASE_URL = WAGTAILAPI_BASE_URL = (
    env.get_str("BASE_URL") or f"https://{ALLOWED_HOSTS[0].lstrip('.')}"
).rstrip("/")
