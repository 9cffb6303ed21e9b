from django.apps import apps
from django.db import models
from django.db.models import Exists, OuterRef

from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Site
from wagtail.search import index

from home.api_fields import LivePagesField, ShortUrlField
from home.blocks import BodyBlock
from home.cache import get_or_set
from home.models import SUMMARY_HELP_TEXT, BasePage, IndexPage, private_q


class AimIndexPage(IndexPage):
    """The aims section: lists the partnership's aims in the order set in the page tree."""

    parent_page_types = ["home.HomePage"]
    subpage_types = ["aims.AimPage"]
    max_count = 1

    child_page_model = "aims.AimPage"
    ordered_listing = True
    listing_layout = "row"


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

    def get_all_programmes(self, request=None):
        """How the partnership achieves its aims: the programmes section (with its
        introduction) and every live programme in it, each marked if it works towards
        this aim; one query.

        The section comes with the site's menu (home/navigation.py), already loaded.
        """
        from home.navigation import site_structure

        site = Site.find_for_request(request) if request else self.get_site()
        sections = site_structure(site.root_page, request).sections if site else []
        index_model = apps.get_model("programmes.ProgrammeIndexPage")
        section = next((page for page in sections if page.specific_class is index_model), None)
        if section is None:
            return None, []
        model = self._meta.get_field("programmes").related_model
        serves_this_aim = model.aims.through.objects.filter(
            programmepage_id=OuterRef("pk"), aimpage_id=self.pk
        )
        programmes = (
            model.objects.child_of(section)
            .live()
            .exclude(private_q())
            .defer_streamfields()
            .annotate(serves_this_aim=Exists(serves_this_aim))
            .order_by("path")
        )
        return section, list(programmes)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["short_url"] = self.get_short_url(request)
        # Kept until the content changes (home/cache.py).
        context["programmes_section"], context["programmes"] = get_or_set(
            request, f"aim-programmes:{self.pk}", lambda: self.get_all_programmes(request)
        )
        return context
