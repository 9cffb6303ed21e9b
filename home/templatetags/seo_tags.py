"""Meta tags and structured data for the page being shown."""

from django import template
from django.utils.safestring import mark_safe

from wagtail.models import Page

from home.cache import get_or_set
from home.seo import default_share_image, page_metadata, structured_data
from home.templatetags.navigation_tags import breadcrumbs

register = template.Library()


@register.simple_tag(takes_context=True)
def page_meta(context):
    page = context.get("page")
    if not isinstance(page, Page):
        return None
    return page_metadata(
        page,
        context.get("request"),
        str(context.get("site_name")),
        site_root=context.get("site_root"),
    )


@register.simple_tag(takes_context=True)
def site_share_image(context):
    """The site's default share image, for views that are not pages."""
    return default_share_image(
        context.get("site_settings"), context.get("site_root"), context.get("request")
    )


@register.simple_tag(takes_context=True)
def json_ld(context):
    page = context.get("page")
    if not isinstance(page, Page):
        return ""
    request = context.get("request")

    def build():
        crumbs = [(crumb.title, crumb.url) for crumb in breadcrumbs(context)]
        return structured_data(
            page,
            request,
            context.get("site_settings"),
            str(context.get("site_name")),
            crumbs,
            members=context.get("member_organisations"),
            site_root=context.get("site_root"),
        )

    # The same for every visitor of the page until the content changes.
    host = request.get_host() if request is not None else ""
    data = get_or_set(request, f"json-ld:{page.pk}:{host}", build)
    return mark_safe(f'<script type="application/ld+json">{data}</script>')
