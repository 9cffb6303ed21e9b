"""Navigation built from the page tree: the primary menu and breadcrumbs."""

from dataclasses import dataclass

from django import template

from wagtail.models import Page

from home.models import private_q

register = template.Library()


@dataclass(frozen=True)
class NavItem:
    title: str
    url: str
    # The value for aria-current: "page" for the page being viewed, "true" for
    # the section it belongs to, "" otherwise.
    current: str = ""


def _current_state(item: Page, page: Page | None) -> str:
    if page is None:
        return ""
    if item.pk == page.pk:
        return "page"
    if page.path.startswith(item.path):
        return "true"
    return ""


@register.simple_tag(takes_context=True)
def primary_navigation(context) -> list[NavItem]:
    """The home page and the pages under it that editors chose to 'Show in menus'."""
    request = context.get("request")
    root = context.get("site_root")
    if root is None:
        return []
    page = context.get("page")
    items = [NavItem("Home", root.get_url(request), "page" if page and page.pk == root.pk else "")]
    children = root.get_children().live().in_menu().exclude(private_q()).order_by("path")
    items += [
        NavItem(child.title, child.get_url(request), _current_state(child, page))
        for child in children
    ]
    return items


@register.simple_tag(takes_context=True)
def breadcrumbs(context) -> list[NavItem]:
    """The pages above this one, from the home page down; empty on the home page."""
    request = context.get("request")
    root = context.get("site_root")
    page = context.get("page")
    if root is None or not isinstance(page, Page) or page.depth <= root.depth:
        return []
    home = NavItem("Home", root.get_url(request))
    if page.depth == root.depth + 1:
        return [home]
    ancestors = page.get_ancestors().filter(depth__gt=root.depth).order_by("depth")
    return [home, *(NavItem(ancestor.title, ancestor.get_url(request)) for ancestor in ancestors)]
