import logging

from django.core.paginator import Paginator
from django.db import DatabaseError
from django.template.response import TemplateResponse

from wagtail.contrib.search_promotions.models import Query
from wagtail.models import Page, Site
from wagtail.search.utils import normalise_query_string

from home.models import private_q
from search.query import build_query, clean_query

logger = logging.getLogger(__name__)
RESULTS_PER_PAGE = 10


def search(request):
    """Search every live, public page. Never stores what visitors search for."""
    text = clean_query(request.GET.get("q", ""))
    query = build_query(text)
    results = Page.objects.none()
    promotions = []
    if query is not None:
        # Wagtail's public() rather than private_q(): search backends can only
        # filter on indexed fields, which the path prefix test it builds uses.
        pages = Page.objects.live().public().specific()
        try:
            results = list(pages.search(query))
        except DatabaseError:
            # The query builder keeps to words and phrases, so this should not
            # happen; if a database still refuses one, the visitor gets no
            # results rather than an error page.
            logger.warning("Search failed for query %r", text, exc_info=True)
            results = []
        promotions = _promotions(text)
    paginator = Paginator(results, RESULTS_PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    response = TemplateResponse(
        request,
        "search/search.html",
        {
            "search_query": text,
            "results": page,
            "result_count": paginator.count,
            "promotions": promotions,
            "searched": bool(text),
            "suggestions": _sections(request) if text and not paginator.count else [],
        },
    )
    return response


def _sections(request):
    """The main sections of the site, suggested when a search finds nothing."""
    site = Site.find_for_request(request)
    if site is None:
        return []
    return site.root_page.get_children().live().in_menu().exclude(private_q()).order_by("path")


def _promotions(text: str):
    """Pages editors chose to show first for this search (Settings › Promoted search results)."""
    # A look-up, not Query.get(): that would store every visitor's search.
    query = Query.objects.filter(query_string=normalise_query_string(text)).first()
    if query is None:
        return []
    return [
        promotion
        for promotion in query.editors_picks.select_related("page").order_by("sort_order")
        if promotion.page is None or promotion.page.live
    ]
