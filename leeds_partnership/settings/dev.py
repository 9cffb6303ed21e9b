"""Local development: debug pages, plain HTTP, emails printed to the console."""

from .base import *  # noqa: F403
from .base import INSTALLED_APPS, env

DEBUG = True

# Only ever used on a developer's machine: production.py refuses to start
# without a SECRET_KEY of its own.
SECRET_KEY = env.get_str("SECRET_KEY") or "django-insecure-local-development-only"
ALLOWED_HOSTS = ["localhost", "127.0.0.1", "[::1]", *env.get_list("ALLOWED_HOSTS")]

SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False

# Let WhiteNoise serve static files under runserver too, exactly as in production.
INSTALLED_APPS = ["whitenoise.runserver_nostatic", *INSTALLED_APPS]
SERVE_MEDIA = True

EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
