from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.images import get_image_model_string
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    PreviewableMixin,
    RevisionMixin,
    WorkflowMixin,
)
from wagtail.search import index


class PartnerQuerySet(models.QuerySet):
    def members(self):
        """Published member organisations, by name, in the editors' order: no logos needed."""
        return (
            self.filter(live=True, is_member=True)
            .only("name", "website", "partner_type")
            .order_by("sort_order", "name")
        )

    def for_listing(self):
        """Published partners in the editors' order, with logos, in a fixed number of queries."""
        return (
            self.filter(live=True)
            .select_related("logo")
            .prefetch_related("logo__renditions")
            .order_by("sort_order", "name")
        )


class Partner(
    WorkflowMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    PreviewableMixin,
    index.Indexed,
    models.Model,
):
    """A member organisation of the partnership."""

    class Type(models.TextChoices):
        NHS_TRUST = "nhs_trust", "NHS trust"
        NHS_BODY = "nhs_body", "NHS organisation"
        UNIVERSITY = "university", "University"
        COUNCIL = "council", "Council"
        COLLEGE = "college", "College"
        REGIONAL_PARTNER = "regional_partner", "Regional partner"

    name = models.CharField(max_length=150, help_text="The organisation's full name.")
    partner_type = models.CharField(
        "type of organisation",
        max_length=32,
        choices=Type.choices,
        help_text="Used to group and describe partners.",
    )
    is_member = models.BooleanField(
        "member of the partnership",
        default=True,
        help_text="Tick for member organisations: they are listed on the home page and named "
        "as members for search engines. Untick for organisations that work with the "
        "partnership without being members.",
    )
    website = models.URLField(blank=True, help_text="The organisation's own website.")
    logo = models.ForeignKey(
        get_image_model_string(),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Optional. Use the organisation's approved logo.",
    )
    logo_alt_text = models.CharField(
        "logo alt text",
        max_length=150,
        blank=True,
        help_text="What the logo says, usually the organisation's name, for people who "
        "cannot see it. Needed when there is a logo.",
    )
    description = models.TextField(
        "short description",
        max_length=300,
        blank=True,
        help_text="One or two plain sentences on what the organisation brings to the partnership.",
    )
    sort_order = models.PositiveIntegerField(default=0, editable=False, db_index=True)
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="partner")

    objects = PartnerQuerySet.as_manager()

    panels = [
        FieldPanel("name"),
        FieldPanel("partner_type"),
        FieldPanel("is_member"),
        FieldPanel("website"),
        MultiFieldPanel([FieldPanel("logo"), FieldPanel("logo_alt_text")], heading="Logo"),
        FieldPanel("description"),
    ]

    search_fields = [index.SearchField("name"), index.SearchField("description")]

    class Meta:
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name

    @property
    def revisions(self):
        return self._revisions

    def clean(self):
        super().clean()
        if self.logo_id and not self.logo_alt_text.strip():
            raise ValidationError(
                {"logo_alt_text": "Say what the logo shows, usually the organisation's name."}
            )

    def get_preview_template(self, request, mode_name):
        return "home/partner_preview.html"

    def get_preview_context(self, request, mode_name):
        context = super().get_preview_context(request, mode_name)
        context["partners"] = [self]
        return context
