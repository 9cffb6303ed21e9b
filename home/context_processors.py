from django.conf import settings

from wagtail.models import Site


def site(request):
    """The site's name, as editors set it in Settings > Sites, for every template."""
    current = Site.find_for_request(request)
    return {
        "site_name": (current.site_name if current else "") or settings.WAGTAIL_SITE_NAME,
        "site_root": current.root_page if current else None,
    }
