from wagtail.admin.ui.tables import BooleanColumn, UpdatedAtColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from home.models import Film


class FilmViewSet(SnippetViewSet):
    model = Film
    icon = "media"
    menu_label = "Films"
    list_display = ["title", BooleanColumn("is_playable", label="Has a video"), UpdatedAtColumn()]
    list_filter = ["live"]
    search_fields = ["title"]


register_snippet(FilmViewSet)
