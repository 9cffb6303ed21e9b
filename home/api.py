"""The read-only API partners use: live, public pages, images and public documents.

Wagtail's endpoints, with the query checked first: whatever a client sends,
a mistake gets a 400 with a message saying what was wrong, never a server error.
"""

import re
import unicodedata

from wagtail.api.v2.filters import SearchFilter
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import CollectionViewRestriction

# Far beyond anything the site lists, and well inside what every database
# accepts as a row offset.
MAX_OFFSET = 1_000_000_000
MAX_SEARCH_LENGTH = 200
SEARCH_OPERATORS = ("and", "or")
WORD = re.compile(r"\w+", re.UNICODE)
ID = re.compile(r"[0-9]{1,18}")


def search_words(raw: str) -> str:
    """What a search parameter asks for, as words the search backend always accepts.

    Only letters and digits are kept, lower-cased (so that AND, OR or NEAR
    are never read as operators by SQLite's full-text engine): quotes,
    brackets, NUL bytes and other control characters are what make databases
    refuse a query.
    """
    printable = "".join(" " if unicodedata.category(c).startswith("C") else c for c in raw)
    return " ".join(WORD.findall(printable[:MAX_SEARCH_LENGTH].lower()))


class WordsOnlySearchFilter(SearchFilter):
    """Wagtail's ?search=, given only words; with none, nothing matches."""

    def filter_queryset(self, request, queryset, view):
        if "search" not in request.GET:
            return queryset
        words = search_words(request.GET["search"])
        if not words:
            return queryset.none()
        query = request.GET.copy()
        query["search"] = words
        original = request._request.GET
        request._request.GET = query
        try:
            return super().filter_queryset(request, queryset, view)
        finally:
            request._request.GET = original


class CheckedQueryMixin:
    """Refuse, with a message, the parameters Wagtail would pass on to the database as they are."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        # Before anything reads the query (the pages endpoint looks ?site= up
        # first): PostgreSQL refuses text with a NUL byte in it. Search words
        # are cleaned instead.
        for name, values in request.GET.lists():
            if name != "search" and any("\x00" in value for value in values):
                raise BadRequestError(f"{name} cannot contain a NUL character")

    def check_query_parameters(self, queryset):
        query = self.request.GET
        if "offset" in query:
            try:
                offset = int(query["offset"])
            except ValueError:
                offset = -1
            if not 0 <= offset <= MAX_OFFSET:
                raise BadRequestError(f"offset must be a whole number from 0 to {MAX_OFFSET}")
        operator = query.get("search_operator")
        if operator is not None and operator not in SEARCH_OPERATORS:
            raise BadRequestError("search_operator must be 'and' or 'or'")
        super().check_query_parameters(queryset)

    def find_object(self, queryset, request):
        if "id" in request.GET and not ID.fullmatch(request.GET["id"]):
            raise BadRequestError("id must be a whole number")
        return super().find_object(queryset, request)

    @classmethod
    def with_checked_search(cls, backends):
        return [WordsOnlySearchFilter if b is SearchFilter else b for b in backends]


class PublicPagesAPIViewSet(CheckedQueryMixin, PagesAPIViewSet):
    """Live, public pages."""

    filter_backends = CheckedQueryMixin.with_checked_search(PagesAPIViewSet.filter_backends)


class PublicImagesAPIViewSet(CheckedQueryMixin, ImagesAPIViewSet):
    """Images."""

    filter_backends = CheckedQueryMixin.with_checked_search(ImagesAPIViewSet.filter_backends)


class PublicDocumentsAPIViewSet(CheckedQueryMixin, DocumentsAPIViewSet):
    """Documents, except those in collections editors have made private."""

    filter_backends = CheckedQueryMixin.with_checked_search(DocumentsAPIViewSet.filter_backends)

    def get_queryset(self):
        restricted = CollectionViewRestriction.objects.values_list("collection__path", flat=True)
        queryset = super().get_queryset()
        for path in restricted:
            queryset = queryset.exclude(collection__path__startswith=path)
        return queryset


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PublicPagesAPIViewSet)
api_router.register_endpoint("images", PublicImagesAPIViewSet)
api_router.register_endpoint("documents", PublicDocumentsAPIViewSet)
