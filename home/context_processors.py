from django.conf import settings
from django.utils.functional import SimpleLazyObject

from wagtail.models import Site

from home.cache import get_or_set
from home.models import SiteSettings


def organisation_name(site, site_settings) -> str:
    """The partnership's name as the site shows it: from site settings, else the Site record."""
    return (
        site_settings.organisation_name
        or (site.site_name if site else "")
        or settings.WAGTAIL_SITE_NAME
    )


def site(request):
    """The site's root page, its settings and its name, for every template.

    Settings are looked up only if a template uses them, and kept until the
    content changes (home/cache.py).
    """
    current = Site.find_for_request(request)

    def site_settings():
        if not hasattr(request, "_lahp_site_settings"):
            request._lahp_site_settings = (
                get_or_set(
                    request, f"settings:{current.pk}", lambda: SiteSettings.for_site(current)
                )
                if current
                else SiteSettings()
            )
        return request._lahp_site_settings

    def site_name():
        return organisation_name(current, site_settings())

    return {
        "site_root": current.root_page if current else None,
        "site_settings": SimpleLazyObject(site_settings),
        "site_name": SimpleLazyObject(site_name),
        "allow_indexing": settings.ALLOW_SEARCH_ENGINE_INDEXING,
    }
