"""Settings shared by every environment.

This module is safe for production on its own: DEBUG is off, cookies are secure,
HTTPS is enforced, and everything that differs between machines (secrets, hosts,
database, storage paths, email) is read from environment variables here and
nowhere else. dev.py and test.py only relax what they must; production.py only
adds checks and production-only storage.
"""

import re
from datetime import timedelta
from pathlib import Path

import dj_database_url

from django.core.exceptions import ImproperlyConfigured

from . import env

BASE_DIR = Path(__file__).resolve().parent.parent.parent

DEBUG = False
SECRET_KEY = env.get_str("SECRET_KEY")
ALLOWED_HOSTS = env.get_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env.get_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "home",
    "aims",
    "programmes",
    "search",
    "wagtail.api.v2",
    "wagtail.contrib.redirects",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "rest_framework",
    "axes",
]

MIDDLEWARE = [
    # /health/live and /health/ready, for any host and over plain HTTP (home/health.py).
    "home.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Permissions-Policy and Cross-Origin-Resource-Policy, static files included.
    "home.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Answers revalidations (ETag, Last-Modified) with 304, kept pages included.
    "django.middleware.http.ConditionalGetMiddleware",
    "home.middleware.CurrentSiteMiddleware",
    # Whole pages for anonymous visitors, before anything below does any work.
    "home.middleware.AnonymousPageCacheMiddleware",
    "home.middleware.PublicGZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Turns a sign-in refused for too many wrong passwords into the lockout page.
    "axes.middleware.AxesMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "home.middleware.ContentSecurityPolicyMiddleware",
    "home.middleware.SearchEngineIndexingMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "leeds_partnership.urls"
WSGI_APPLICATION = "leeds_partnership.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "home.context_processors.site",
            ],
        },
    },
]

# Database: an SQLite file by default (the embedded default, no server needed);
# DATABASE_URL=postgres://user:password@host:5432/name switches to PostgreSQL,
# the production database.
_database_url = env.get_str("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
try:
    DATABASES = {
        "default": dj_database_url.parse(
            _database_url,
            conn_max_age=env.get_int("DATABASE_CONN_MAX_AGE", 60),
            conn_health_checks=True,
        )
    }
except ValueError as error:
    raise ImproperlyConfigured(
        f"DATABASE_URL is not a database address Django can use: {error}"
    ) from None

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers carry on while an editor publishes, and IMMEDIATE
    # transactions make concurrent writers wait instead of failing with
    # "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A database that does not answer, or a query that runs away, fails the
    # request in seconds with the "come back soon" page (503), instead of
    # holding a worker until gunicorn kills it. 0 turns the statement limit off.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"]["connect_timeout"] = env.get_int("DATABASE_CONNECT_TIMEOUT", 5)
    _statement_ms = env.get_int("DATABASE_STATEMENT_TIMEOUT", 15) * 1000
    DATABASES["default"]["OPTIONS"]["options"] = f"-c statement_timeout={_statement_ms}"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# django-axes watches every sign-in first and refuses accounts it has locked out.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# Static files are collected outside the committed static/ folder and served by
# WhiteNoise; uploads (images, documents) go to MEDIA_ROOT.
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env.get_str("STATIC_ROOT") or BASE_DIR / "staticfiles")
STATIC_URL = "/static/"
# Files browsers ask for at the site's root, such as /favicon.ico.
WHITENOISE_ROOT = BASE_DIR / "static" / "root"
MEDIA_ROOT = Path(env.get_str("MEDIA_ROOT") or BASE_DIR / "media")
MEDIA_URL = "/media/"
# Serving uploads from Django is for small single-server deployments; a reverse
# proxy or object storage should serve MEDIA_ROOT where one is available.
SERVE_MEDIA = env.get_bool("SERVE_MEDIA", False)

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# One process's memory by default; with REDIS_URL (redis://host:6379/0), a cache
# every web worker and instance shares, so a change published through one is
# seen by all of them at once (home/cache.py).
REDIS_URL = env.get_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            # Several sites can share one Redis.
            "KEY_PREFIX": env.get_str("CACHE_KEY_PREFIX") or "lahp",
            # A Redis that stops answering fails a request in seconds, not minutes.
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "lahp",
        }
    }
# How long what is kept from the content lasts at most (home/cache.py); a change
# visitors could see retires it at once anyway.
LAHP_CACHE_SECONDS = env.get_int("LAHP_CACHE_SECONDS", 60 * 60)
# Whole pages for anonymous visitors (0 turns the page cache off), and how long
# browsers and shared caches (a proxy or CDN in front) may keep them before
# checking again (a check costs a 304 when nothing changed).
LAHP_PAGE_CACHE_SECONDS = env.get_int("LAHP_PAGE_CACHE_SECONDS", 60 * 60)
LAHP_BROWSER_CACHE_SECONDS = env.get_int("LAHP_BROWSER_CACHE_SECONDS", 60)
LAHP_SHARED_CACHE_SECONDS = env.get_int("LAHP_SHARED_CACHE_SECONDS", 300)

# Uploads (images, documents, films, share cards) on S3-compatible object
# storage when a bucket is named, so every instance of the site sees the same
# files; otherwise in MEDIA_ROOT. Nothing in the bucket is public: objects get
# no ACL and every address handed out is signed. Credentials come from
# AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or the machine's role), read by
# boto3 itself, never kept in the settings.
AWS_STORAGE_BUCKET_NAME = env.get_str("AWS_STORAGE_BUCKET_NAME")
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": env.get_str("AWS_S3_ENDPOINT_URL") or None,
            "region_name": env.get_str("AWS_S3_REGION_NAME") or None,
            "custom_domain": env.get_str("AWS_S3_CUSTOM_DOMAIN") or None,
            "addressing_style": env.get_str("AWS_S3_ADDRESSING_STYLE") or None,
            "location": env.get_str("AWS_LOCATION"),
            "default_acl": None,
            "querystring_auth": True,
            # A signed address must outlive every kept copy of a page that
            # carries it: a section kept, then the page kept whole, then a
            # shared cache and a browser keeping that.
            "querystring_expire": env.get_int(
                "AWS_QUERYSTRING_EXPIRE",
                LAHP_CACHE_SECONDS
                + LAHP_PAGE_CACHE_SECONDS
                + LAHP_SHARED_CACHE_SECONDS
                + LAHP_BROWSER_CACHE_SECONDS
                + 60 * 60,
            ),
            # Two uploads called "report.pdf" are two files, as in MEDIA_ROOT.
            "file_overwrite": False,
        },
    }

LAHP_PAGE_CACHE_EXCLUDE = [
    "/admin/",
    "/api/",
    "/documents/",
    "/films/",
    "/health/",
    "/media/",
    "/search/",
    "/share-cards/",
    "/static/",
    "/video-consent/",
]

# A front-end cache (Varnish, with deploy/varnish/default.vcl) in front of the
# site: FRONTEND_CACHE_PURGE_URL=http://127.0.0.1:6081 is where Varnish takes
# purges. Wagtail purges a page's address when it is published or unpublished,
# and every change that retires the site's own page cache (home/cache.py) asks
# Varnish to drop everything. Unset, nothing is sent.
FRONTEND_CACHE_PURGE_URL = env.get_str("FRONTEND_CACHE_PURGE_URL")
if FRONTEND_CACHE_PURGE_URL:
    if not re.fullmatch(r"https?://[^/?#\s]+/?", FRONTEND_CACHE_PURGE_URL):
        raise ImproperlyConfigured(
            "FRONTEND_CACHE_PURGE_URL must be the front-end cache's address, such as "
            f"http://127.0.0.1:6081 (got {FRONTEND_CACHE_PURGE_URL!r})."
        )
    INSTALLED_APPS.append("wagtail.contrib.frontend_cache")
    WAGTAILFRONTENDCACHE = {
        "varnish": {
            "BACKEND": "home.frontend_cache.VarnishBackend",
            "LOCATION": FRONTEND_CACHE_PURGE_URL,
        }
    }

# Background work (search indexing, reference index) runs in the request that
# caused it: the site is small and this needs no worker process.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# Security. Every default here is the production-safe choice; each can be
# relaxed from the environment where a deployment needs it (for example when
# a proxy in front already redirects to HTTPS).
SECURE_SSL_REDIRECT = env.get_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env.get_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.get_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env.get_bool("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = env.get_bool("SESSION_COOKIE_SECURE", True)
CSRF_COOKIE_SECURE = env.get_bool("CSRF_COOKIE_SECURE", True)
SESSION_COOKIE_HTTPONLY = True
# An editor's session ends after this long without a request to the site (an
# open page editor keeps it alive, as it checks in with the server while it is
# shown). Saving on every request only ever touches an existing session:
# visitors who never signed in get no cookie.
SESSION_COOKIE_AGE = env.get_int("SESSION_IDLE_MINUTES", 30) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# What public pages may load, enforced by visitors' browsers: everything from
# this site, and frames from the two video players only once a visitor asks for
# one. No inline scripts or styles.
CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "media-src": ["'self'"],
    "frame-src": ["https://www.youtube-nocookie.com", "https://player.vimeo.com"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
# The Wagtail admin (and its previews) has a policy of its own: its pages use
# inline scripts and styles, but it loads nothing from other sites either; it
# frames its own previews, which may show a video player.
CONTENT_SECURITY_POLICY_EXCLUDE = ["/admin/"]
ADMIN_CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'unsafe-inline'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "media-src": ["'self'", "blob:"],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "frame-src": ["'self'", *CONTENT_SECURITY_POLICY["frame-src"]],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'self'"],
}
# No page may use these; the video players (and this site) may go full screen,
# start playing once a visitor pressed Play, and float a picture-in-picture.
_VIDEO_PLAYERS = '(self "https://www.youtube-nocookie.com" "https://player.vimeo.com")'
PERMISSIONS_POLICY = ", ".join(
    [
        *(
            f"{feature}=()"
            for feature in (
                "accelerometer",
                "browsing-topics",
                "camera",
                "display-capture",
                "geolocation",
                "gyroscope",
                "magnetometer",
                "microphone",
                "midi",
                "payment",
                "usb",
            )
        ),
        f"autoplay={_VIDEO_PLAYERS}",
        f"fullscreen={_VIDEO_PLAYERS}",
        f"picture-in-picture={_VIDEO_PLAYERS}",
    ]
)
# Files other sites may show (Cross-Origin-Resource-Policy: cross-origin);
# everything else is same-origin (home/middleware.py says why).
CROSS_ORIGIN_RESOURCE_PATHS = [
    "/static/",
    "/media/",
    "/share-cards/",
    "/documents/",
    "/films/",
    "/favicon.ico",
]
# How many proxies in front of the site append the address they saw to
# X-Forwarded-For (0: none, the connecting address is the visitor's). Wrong-password
# limits count per visitor address (home/security.py).
TRUSTED_PROXY_COUNT = env.get_int("TRUSTED_PROXY_COUNT", 0)

# Wrong passwords at the admin's sign-in (django-axes): after AXES_FAILURE_LIMIT
# for one account from one address, that account is refused from that address
# until the cool-off has passed, even with the right password. Other accounts,
# and the same account elsewhere, are unaffected, so nobody can lock an editor
# out from their own desk. `manage.py axes_reset` lifts every lockout at once.
AXES_FAILURE_LIMIT = env.get_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env.get_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Trying again during the wait does not make it longer: the page says how long.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_CLIENT_IP_CALLABLE = "home.security.client_ip"
AXES_LOCKOUT_CALLABLE = "home.security.lockout_response"
# Only failures are recorded, not every successful sign-in.
AXES_DISABLE_ACCESS_LOG = True
# Private pages' shared passwords: as many wrong tries per address and page,
# for as long.
LAHP_PAGE_PASSWORD_ATTEMPTS = AXES_FAILURE_LIMIT
LAHP_PAGE_PASSWORD_COOLOFF = int(AXES_COOLOFF_TIME.total_seconds())

if env.get_bool("TRUST_X_FORWARDED_PROTO", False):
    # Only behind a proxy that sets X-Forwarded-Proto itself; otherwise a
    # visitor could claim to be on HTTPS.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Email (review reminders, password resets). SMTP settings come from the
# environment; nothing is sent unless EMAIL_HOST is set.
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if env.get_str("EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = env.get_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env.get_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env.get_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env.get_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env.get_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = env.get_str("DEFAULT_FROM_EMAIL", "webmaster@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "{asctime} {levelname} {name}: {message}", "style": "{"},
    },
    "filters": {
        "one_line": {"()": "home.log.OneLineWarning"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
    },
    "root": {"handlers": ["console"], "level": env.get_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # A request for a host name the site does not answer to gets a 400 and
        # one warning line naming the host: worth seeing, but not an error.
        "django.security.DisallowedHost": {"filters": ["one_line"]},
        # Page actions are kept in Wagtail's own audit log ("Reports > Site history");
        # repeating each one in the server log only buries real problems.
        "wagtail": {"level": env.get_str("WAGTAIL_LOG_LEVEL", "WARNING")},
        "django_tasks": {"level": "WARNING"},
        # Wrong passwords and lockouts are warnings; each step of its bookkeeping is not news.
        "axes": {"level": "WARNING"},
    },
}

# Django refuses forms with more fields than this; long page bodies in the
# Wagtail editor can exceed the default of 1,000.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
# A form's fields (files apart) may take at most this much of a request: a long
# page in the editor is well under 1 MB. Django answers a bigger one with 400.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Uploads bigger than this go to a temporary file while they arrive, not memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024 // 2

# Wagtail
WAGTAIL_SITE_NAME = "Leeds Academic Health Partnership"
WAGTAILADMIN_BASE_URL = env.get_str("BASE_URL", "http://127.0.0.1:8000").rstrip("/")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # English stemming: a search for "developing" finds "develop" and "developed".
    WAGTAILSEARCH_BACKENDS["default"]["SEARCH_CONFIG"] = "english"

# Search engines may index the site only where a deployment says so (production
# does by default); everywhere else pages say noindex, so a staging copy never
# competes with the real site.
ALLOW_SEARCH_ENGINE_INDEXING = env.get_bool("ALLOW_SEARCH_ENGINE_INDEXING", False)
# Wagtail's read-only API for partners (docs/api.md).
WAGTAILAPI_BASE_URL = WAGTAILADMIN_BASE_URL
WAGTAILAPI_LIMIT_MAX = 100
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_THROTTLE_CLASSES": [],
}
# The admin would otherwise ask wagtail.org for new releases from editors' browsers.
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Nor would it fetch each person's picture from gravatar.com, telling that service
# who uses the admin: everyone gets the admin's own default avatar (or one they upload).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Documents always go through the site's own view (/documents/<id>/<name>), which
# refuses those in private collections; never a redirect to the storage's own
# address, which anyone could share. MEDIA_ROOT/documents/ must not be served
# directly (README, "Deploying").
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "ods", "pdf", "pptx", "rtf", "txt", "xlsx"]
WAGTAILDOCS_DOCUMENT_FORM_BASE = "home.document_forms.DocumentForm"
# Documents larger than this are refused with a message (home/document_forms.py).
LAHP_DOCUMENT_MAX_UPLOAD_MB = env.get_int("LAHP_DOCUMENT_MAX_UPLOAD_MB", 20)
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# Larger pictures are refused (a phone's 50-megapixel photo is accepted); those
# over 20 megapixels are shrunk on upload (home/image_forms.py).
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 65_000_000
WAGTAILIMAGES_IMAGE_FORM_BASE = "home.image_forms.ImageForm"
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"
WAGTAIL_PASSWORD_RESET_ENABLED = True

# The strategy film and other videos.
LAHP_FILM_MAX_UPLOAD_MB = env.get_int("LAHP_FILM_MAX_UPLOAD_MB", 500)
# The seed loader's film: its address, a transcript file, and confirmation that
# the hosted video's captions have been checked (see README, "The strategy film").
LAHP_STRATEGY_FILM_URL = env.get_str("LAHP_STRATEGY_FILM_URL")
LAHP_STRATEGY_FILM_TRANSCRIPT = env.get_str("LAHP_STRATEGY_FILM_TRANSCRIPT")
LAHP_STRATEGY_FILM_CAPTIONS_CONFIRMED = env.get_bool("LAHP_STRATEGY_FILM_CAPTIONS_CONFIRMED", False)
