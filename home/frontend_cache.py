"""The front-end cache (Varnish, deploy/varnish/default.vcl) in front of the site.

Wagtail's HTTP backend purges single addresses (PURGE). A title or a menu item
appears on every page, and the home page shows films, partners and settings,
so the site does here what it does with its own page cache (home/cache.py):
any change visitors could see drops everything the front-end cache keeps, with
one BAN request that the VCL turns into a ban of every kept object.
"""

import logging
from urllib.error import URLError
from urllib.request import Request, urlopen

from django.conf import settings

from wagtail import __version__ as wagtail_version
from wagtail.contrib.frontend_cache.backends import HTTPBackend
from wagtail.contrib.frontend_cache.utils import get_backends

logger = logging.getLogger("wagtail.frontendcache")

# An editor's publish waits for the ban: never for long.
TIMEOUT_SECONDS = 5


class VarnishBackend(HTTPBackend):
    """Wagtail's HTTP purge backend, which can also drop everything Varnish keeps."""

    def __init__(self, params):
        self.location = params["LOCATION"]
        super().__init__(params)

    def purge_all(self) -> None:
        request = Request(
            self.location,
            method="BAN",
            headers={"User-Agent": f"Wagtail-frontendcache/{wagtail_version}"},
        )
        try:
            with urlopen(request, timeout=TIMEOUT_SECONDS):
                pass
        except (URLError, OSError) as error:  # HTTPError is a URLError
            # The publish itself has happened; kept pages expire within
            # LAHP_SHARED_CACHE_SECONDS anyway.
            logger.error("Could not empty the front-end cache at %s: %s", self.location, error)


def is_configured() -> bool:
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))


def purge_everything() -> None:
    """Drop every page the front-end caches keep (after a change visitors could see)."""
    for backend in get_backends().values():
        if isinstance(backend, VarnishBackend):
            backend.purge_all()
