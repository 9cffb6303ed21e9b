from django import forms
from django.db import models

from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.search import index

from home.api_fields import LivePagesField, LivePartnersField, ShortUrlField
from home.blocks import BodyBlock, KeyFactBlock
from home.cache import get_or_set
from home.models import SUMMARY_HELP_TEXT, BasePage, IndexPage


class ProgrammeIndexPage(IndexPage):
    """The programmes section: lists the programmes in the order set in the page tree."""

    parent_page_types = ["home.HomePage"]
    subpage_types = ["programmes.ProgrammePage"]
    max_count = 1

    child_page_model = "programmes.ProgrammePage"


class ProgrammePage(BasePage):
    """One of the partnership's programmes of work."""

    parent_page_types = ["programmes.ProgrammeIndexPage"]
    subpage_types = []
    search_section = "Programme"
    # Programmes change faster than aims: check them twice a year.
    review_interval_months = 6

    summary = models.TextField(max_length=400, help_text=SUMMARY_HELP_TEXT)
    key_facts = StreamField(
        [("key_fact", KeyFactBlock())],
        blank=True,
        max_num=6,
        help_text="Optional. Up to six figures that sum up the programme, shown near the top.",
    )
    body = StreamField(BodyBlock(), blank=True, help_text="The main content of the page.")
    aims = ParentalManyToManyField(
        "aims.AimPage",
        blank=True,
        related_name="programmes",
        help_text="The aims this programme works towards. Each aim's page lists its "
        "programmes too.",
    )
    partners = ParentalManyToManyField(
        "home.Partner",
        blank=True,
        related_name="programmes",
        help_text="The member organisations that deliver this programme. Add organisations "
        "in Snippets › Partners; only published ones appear on the page.",
    )
    external_url = models.URLField(
        "programme website",
        blank=True,
        help_text="Optional. The programme's own website, if it has one, starting https://.",
    )
    external_link_text = models.CharField(
        "programme website link text",
        max_length=100,
        blank=True,
        help_text="Optional. Say where the link goes, for example 'Visit the Health and "
        "Care Academy website'. Left empty, the link reads 'Visit the programme website'.",
    )

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("key_facts"),
        FieldPanel("body"),
        FieldPanel("aims", widget=forms.CheckboxSelectMultiple),
        FieldPanel("partners", widget=forms.CheckboxSelectMultiple),
        MultiFieldPanel(
            [FieldPanel("external_url"), FieldPanel("external_link_text")],
            heading="Programme website",
        ),
    ]

    search_fields = [
        *BasePage.search_fields,
        index.SearchField("body"),
        index.SearchField("key_facts"),
    ]

    api_fields = [
        APIField("summary"),
        APIField("key_facts"),
        APIField("body"),
        APIField("aims", serializer=LivePagesField()),
        APIField("partners", serializer=LivePartnersField()),
        APIField("external_url"),
        APIField("short_url", serializer=ShortUrlField()),
    ]

    @property
    def key_fact_values(self) -> list:
        return [child.value for child in self.key_facts]

    @property
    def external_link_label(self) -> str:
        return self.external_link_text or "Visit the programme website"

    def get_aims(self):
        """The live aims this programme serves, in the aims section's order."""
        # Filtering by id works both for the published page and for a preview,
        # where the chosen aims exist only in the editor's unsaved form.
        aim_model = self._meta.get_field("aims").related_model
        return (
            aim_model.objects.filter(pk__in=self.aims.values_list("id", flat=True))
            .live()
            .public()
            .defer_streamfields()
            .order_by("path")
        )

    def get_partners(self):
        """The published partners delivering this programme, logos included, in two queries."""
        partner_model = self._meta.get_field("partners").related_model
        return partner_model.objects.for_listing().filter(
            pk__in=self.partners.values_list("id", flat=True)
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["short_url"] = self.get_short_url(request)
        # Kept until the content changes (home/cache.py); never for a preview,
        # whose aims may be an editor's unsaved choice. Partners are not kept:
        # their logos' renditions come with them in one query, which a kept
        # copy would lose.
        context["aims"] = get_or_set(request, f"programme-aims:{self.pk}", self._aims_list)
        context["partners"] = self.get_partners()
        return context

    def _aims_list(self) -> list:
        return list(self.get_aims())
