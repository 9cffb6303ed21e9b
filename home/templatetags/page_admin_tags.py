"""Template helpers for the admin's page screens."""

from bs4 import BeautifulSoup

from django import template
from django.urls import reverse
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def without_bulk_delete(html):
    """The bulk actions bar without 'Delete', for people who may not delete pages.

    Wagtail offers every bulk action to everyone and refuses afterwards; only
    administrators delete pages here (home/permissions.py), so the others are
    not offered the button at all.
    """
    delete_url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "delete"])
    soup = BeautifulSoup(str(html), "html.parser")
    for link in soup.find_all(href=lambda href: bool(href) and href.startswith(delete_url)):
        (link.find_parent("li") or link).decompose()
    return mark_safe(str(soup))
