import logging
from urllib.parse import urlsplit

from django.core.paginator import Paginator
from django.db import DatabaseError
from django.http import Http404, HttpResponsePermanentRedirect, HttpResponseRedirect
from django.shortcuts import render
from django.template.response import TemplateResponse

from wagtail import views as wagtail_views
from wagtail.contrib.redirects.middleware import get_redirect
from wagtail.contrib.redirects.models import Redirect
from wagtail.contrib.search_promotions.models import Query
from wagtail.models import Page, Site
from wagtail.search.utils import normalise_query_string

from home.models import private_q
from search.query import build_query, clean_query, words_from_path

logger = logging.getLogger(__name__)
RESULTS_PER_PAGE = 10
NOT_FOUND_SUGGESTIONS = 5


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


def page_not_found(request, exception=None):
    """The 404 page: pages matching the words of the missing address, the home page and search.

    Partners' links to the old site's addresses land here when no redirect
    covers them, so the words of the address (/projects/one-leeds-workforce/)
    are searched for, any of them matching, best matches first.
    """
    words = words_from_path(request.path)
    matches = _pages_matching_any(words)
    return render(
        request,
        "404.html",
        {
            "search_query": " ".join(words),
            # Nothing matched (or the address had no words to go on): the site's
            # main sections, so there is always somewhere to go.
            "suggestions": matches or _sections(request),
            "suggesting_sections": not matches,
        },
        status=404,
    )


def serve(request, path):
    """Wagtail's page serving, answering with the 404 page above when the page tree has no page.

    Returned rather than raised: with DEBUG on (`make run`), Django would show
    its technical 404 page for an uncaught Http404. Before that, a redirect
    (Settings › Redirects) for the address is followed, as Wagtail's
    RedirectMiddleware would, and also for the address in lower case, as the
    old site wrote its addresses: a link typed with capitals still arrives.
    """
    try:
        return wagtail_views.serve(request, path)
    except Http404:
        redirect = _redirect_for(request)
        if redirect is not None:
            return redirect
        return page_not_found(request)


def _redirect_for(request):
    path = urlsplit(Redirect.normalise_path(request.get_full_path(), decode_unicode=False)).path
    for candidate in dict.fromkeys([path, path.lower()]):
        redirect = get_redirect(request, candidate)
        if redirect is not None and redirect.link:
            response_class = (
                HttpResponsePermanentRedirect if redirect.is_permanent else HttpResponseRedirect
            )
            return response_class(redirect.link)
    return None


def _pages_matching_any(words: list[str]) -> list[Page]:
    query = build_query(" ".join(words), any_word=True)
    if query is None:
        return []
    pages = Page.objects.live().public().specific()
    try:
        return list(pages.search(query)[:NOT_FOUND_SUGGESTIONS])
    except DatabaseError:
        logger.warning("Search for a missing page failed for %r", words, exc_info=True)
        return []


def _sections(request):
    """The main sections of the site, suggested when a search finds nothing."""
    site = Site.find_for_request(request)
    if site is None:
        return []
    return (
        site.root_page.get_children()
        .live()
        .in_menu()
        .exclude(private_q())
        .order_by("path")
        .specific()
    )


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
