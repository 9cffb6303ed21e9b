"""What the site keeps between requests, and when it is thrown away.

Everything kept from the content (whole pages for anonymous visitors, the
site's menu structure, its settings, which paths are private) is stored under
the current *content version*. Any change a visitor could see (a page
published, unpublished, moved or deleted; a film or partner published or
changed; site settings, sites, images, documents or page privacy changed)
moves the version on, and everything kept under the old one is simply never
read again. That is exact, and cheap: nothing has to work out which pages a
change touched (a title appears in menus, listings and breadcrumbs).

The version lives where every web worker sees it: in the cache when the cache
is shared (Redis, in production), otherwise in the database, because each
worker has its own local-memory cache and would not see another's change.

A front-end cache (Varnish) in front of the site, when one is configured, is
emptied by the very same changes, once they are committed (home/frontend_cache.py).
"""

import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import F

from home import frontend_cache

VERSION_KEY = "lahp:content-version"
PUBLIC_PAGE = "_lahp_public_page"
# Cache backends that are not shared between processes.
LOCAL_BACKENDS = ("LocMemCache", "DummyCache")


def cache_is_shared() -> bool:
    return not settings.CACHES["default"]["BACKEND"].endswith(LOCAL_BACKENDS)


def content_version(request=None) -> str:
    """The current content version, read once per request."""
    if request is not None and hasattr(request, "_lahp_content_version"):
        return request._lahp_content_version
    version = _read_shared() if cache_is_shared() else _read_database()
    if request is not None:
        request._lahp_content_version = version
    return version


def _read_shared() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        # Started from the clock, so a restarted or emptied cache never reuses a
        # number that pages were stored under before.
        cache.add(VERSION_KEY, int(time.time() * 1000), timeout=None)
        version = cache.get(VERSION_KEY)
    return f"c{version}"


def _read_database() -> str:
    from home.models import ContentVersion

    number = ContentVersion.objects.filter(pk=1).values_list("number", flat=True).first()
    return f"d{number or 0}"


def content_changed(**kwargs) -> None:
    """Move the content version on (connected to every signal of a visible change)."""
    if cache_is_shared():
        # Once the change is committed: a request in between would otherwise
        # keep the old content under the new version.
        transaction.on_commit(_bump_shared)
    else:
        _bump_database()
    if frontend_cache.is_configured():
        # After the version has moved on: what the front-end cache fetches
        # again must be the new content, not a copy kept here under the old one.
        transaction.on_commit(frontend_cache.purge_everything)


def _bump_shared() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not there (emptied, or never read yet)
        cache.set(VERSION_KEY, int(time.time() * 1000), timeout=None)


def _bump_database() -> None:
    from home.models import ContentVersion

    # In the same transaction as the change itself: other workers see both at once.
    if not ContentVersion.objects.filter(pk=1).update(number=F("number") + 1):
        ContentVersion.objects.get_or_create(pk=1, defaults={"number": 1})


def get_or_set(request, name: str, compute, timeout: int | None = None):
    """`compute()`, kept under the current content version.

    Never for a preview: it shows an editor's unsaved changes, which nothing
    kept from the published content knows about.
    """
    if getattr(request, "is_preview", False):
        return compute()
    key = f"lahp:{name}:{content_version(request)}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout if timeout is not None else settings.LAHP_CACHE_SECONDS)
    return value


def mark_public_page(response):
    """Say that a response is a page anyone may see (SitePage.serve): one that the
    page cache and shared caches may keep when it goes to an anonymous visitor."""
    setattr(response, PUBLIC_PAGE, True)
    return response
