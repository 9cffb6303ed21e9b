"""Navigation built from the page tree: the main menu, footer links and breadcrumbs."""

from dataclasses import dataclass, field

from django import template

from wagtail.models import Page

from home.navigation import site_structure

register = template.Library()


@dataclass(frozen=True)
class NavItem:
    title: str
    url: str
    # The value for aria-current: "page" for the page being viewed, "true" for
    # the section it belongs to, "" otherwise.
    current: str = ""


@dataclass(frozen=True)
class SiteMenus:
    primary: list[NavItem] = field(default_factory=list)
    footer: list[NavItem] = field(default_factory=list)


def _current_state(item: Page, page: Page | None) -> str:
    if page is None:
        return ""
    if item.pk == page.pk:
        return "page"
    if page.path.startswith(item.path):
        return "true"
    return ""


@register.simple_tag(takes_context=True)
def site_menus(context) -> SiteMenus:
    """The main menu (the home page and the pages editors chose to 'Show in menus') and
    the footer links (pages marked 'Show in footer')."""
    request = context.get("request")
    root = context.get("site_root")
    if root is None:
        return SiteMenus()
    page = context.get("page")
    structure = site_structure(root, request)
    primary = [NavItem("Home", root.get_url(request), "page" if _is(page, root) else "")]
    primary += [
        NavItem(item.title, item.get_url(request), _current_state(item, page))
        for item in structure.menu
    ]
    footer = [
        NavItem(item.title, item.get_url(request), "page" if _is(page, item) else "")
        for item in structure.footer
    ]
    return SiteMenus(primary, footer)


def _is(page, other) -> bool:
    return page is not None and getattr(page, "pk", None) == other.pk


@register.simple_tag(takes_context=True)
def breadcrumbs(context) -> list[NavItem]:
    """The pages above this one, from the home page down; empty on the home page."""
    request = context.get("request")
    root = context.get("site_root")
    page = context.get("page")
    if root is None or not isinstance(page, Page) or page.depth <= root.depth:
        return []
    cache_name = f"_lahp_breadcrumbs_{page.pk}"
    if request is not None and hasattr(request, cache_name):
        return getattr(request, cache_name)
    crumbs = [NavItem("Home", root.get_url(request))]
    if page.depth > root.depth + 1:
        ancestors = page.get_ancestors().filter(depth__gt=root.depth).order_by("depth")
        crumbs += [NavItem(ancestor.title, ancestor.get_url(request)) for ancestor in ancestors]
    if request is not None:
        setattr(request, cache_name, crumbs)
    return crumbs
