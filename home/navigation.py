"""The shape of the site that every page shows: menu, footer links and home-page sections.

One query answers all three, once per request: the live, public pages directly
under the home page (with each section's introduction) and the pages editors
marked 'Show in footer'.
"""

from dataclasses import dataclass, field

from django.db.models import BooleanField, ExpressionWrapper, F, Q

from wagtail.models import Page

from home.cache import get_or_set
from home.models.pages import private_q


@dataclass
class SiteStructure:
    top_level: list[Page] = field(default_factory=list)
    footer: list[Page] = field(default_factory=list)

    @property
    def menu(self) -> list[Page]:
        return [page for page in self.top_level if page.show_in_menus]

    @property
    def sections(self) -> list[Page]:
        """Top-level pages that list other pages (the aims, the programmes)."""
        return [page for page in self.top_level if page.index_page_id is not None]


def site_structure(root: Page, request=None) -> SiteStructure:
    """The site's shape: worked out once, kept until the content changes (home/cache.py)."""
    cache_name = "_lahp_site_structure"
    if request is not None and hasattr(request, cache_name):
        return getattr(request, cache_name)
    structure = get_or_set(request, f"structure:{root.pk}", lambda: _structure(root))
    if request is not None:
        setattr(request, cache_name, structure)
    return structure


def _structure(root: Page) -> SiteStructure:
    in_footer = Q(standardpage__show_in_footer=True)
    pages = (
        Page.objects.descendant_of(root)
        .live()
        .filter(Q(depth=root.depth + 1) | in_footer)
        .exclude(private_q())
        .annotate(
            in_footer=ExpressionWrapper(in_footer, output_field=BooleanField()),
            index_page_id=F("indexpage__page_ptr_id"),
            index_intro=F("indexpage__intro"),
            index_link_text=F("indexpage__teaser_link_text"),
        )
        .order_by("path")
    )
    structure = SiteStructure()
    for page in pages:
        if page.depth == root.depth + 1:
            structure.top_level.append(page)
        if page.in_footer:
            structure.footer.append(page)
    return structure
