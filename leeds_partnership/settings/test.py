"""The test suite: fast hashing, throw-away media, and the database from DATABASE_URL."""

import tempfile

from .base import *  # noqa: F403

SECRET_KEY = "test-only-secret-key-not-used-anywhere-else"
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]

SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = tempfile.mkdtemp(prefix="lahp-test-media-")
# Static files come straight from static/ (as under runserver), so the tests
# need no collectstatic.
STATIC_ROOT = tempfile.mkdtemp(prefix="lahp-test-static-")
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
SERVE_MEDIA = True
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
WAGTAILADMIN_BASE_URL = WAGTAILAPI_BASE_URL = "http://testserver"
# Most tests build pages directly, as no editor would (without publishing them
# through Wagtail): they get a freshly rendered page every time. The page
# cache's own tests turn it on (tests/home/test_page_cache.py).
LAHP_PAGE_CACHE_SECONDS = 0
