from django.db import models

from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.search import index

from home.api_fields import LivePagesField, ShortUrlField
from home.blocks import BodyBlock
from home.models import SUMMARY_HELP_TEXT, BasePage, IndexPage


class AimIndexPage(IndexPage):
    """The aims section: lists the partnership's aims in the order set in the page tree."""

    parent_page_types = ["home.HomePage"]
    subpage_types = ["aims.AimPage"]
    max_count = 1

    child_page_model = "aims.AimPage"
    ordered_listing = True


class AimPage(BasePage):
    """One of the partnership's aims, and the programmes that work towards it."""

    parent_page_types = ["aims.AimIndexPage"]
    subpage_types = []
    search_section = "Aim"

    summary = models.TextField(max_length=400, help_text=SUMMARY_HELP_TEXT)
    body = StreamField(
        BodyBlock(),
        blank=True,
        help_text="Optional. More about this aim, below the summary.",
    )

    content_panels = [*BasePage.content_panels, FieldPanel("body")]

    search_fields = [*BasePage.search_fields, index.SearchField("body")]

    api_fields = [
        APIField("summary"),
        APIField("body"),
        APIField("programmes", serializer=LivePagesField()),
        APIField("short_url", serializer=ShortUrlField()),
    ]

    def get_programmes(self):
        """The live programmes that editors have linked to this aim."""
        # `programmes` is the reverse side of ProgrammePage.aims.
        return self.programmes.live().public().defer_streamfields().order_by("path")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["short_url"] = self.get_short_url(request)
        context["programmes"] = self.get_programmes()
        return context
