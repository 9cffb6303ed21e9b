from calendar import monthrange
from dataclasses import dataclass
from datetime import date
from functools import reduce
from operator import or_

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Exists, F, OuterRef, Q, TextField, Value
from django.db.models.functions import Coalesce, Length, Substr
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.timezone import localdate

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.images import get_image_model_string
from wagtail.models import Page, PageManager, PageViewRestriction
from wagtail.query import PageQuerySet
from wagtail.search import index

from home.blocks import BodyBlock, StandardPageBodyBlock
from home.cache import get_or_set, mark_public_page
from home.forms import SitePageForm
from home.permissions import SitePagePermissionTester


def private_q() -> Q:
    """Matches pages in a private section (under a page with a view restriction).

    Wagtail's own PageQuerySet.public() first loads every restriction, costing
    one more query for each list on a page; this asks the same question inside
    the list's own query: is any restricted page's path a prefix of this one's?
    """
    restricted_ancestors = PageViewRestriction.objects.annotate(
        _prefix=Substr(OuterRef("path"), 1, Length("page__path"))
    ).filter(page__path=F("_prefix"))
    return Q(Exists(restricted_ancestors))


class SitePageQuerySet(PageQuerySet):
    def private_q(self):
        return private_q()


SitePageManager = PageManager.from_queryset(SitePageQuerySet)


class ReviewDatePanel(FieldPanel):
    """A page's next review date, in its Settings tab, for those who confirm reviews.

    The date belongs to the page, not to a revision, so saving it is done at
    once by the `after_edit_page` hook in home/wagtail_hooks.py.
    """

    class BoundPanel(FieldPanel.BoundPanel):
        def is_shown(self):
            page = self.instance
            return (
                super().is_shown()
                and page.pk is not None
                and page.permissions_for_user(self.request.user).can_publish()
            )


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day if it has no such day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, monthrange(year, month)[1]))


class SitePage(Page):
    """Behaviour every page type on the site shares, including its content review."""

    # How often this type of page must be checked for accuracy. Types override it.
    review_interval_months = 12
    # What search results call this type of page.
    search_section = "Page"

    last_reviewed_at = models.DateField("page last reviewed", null=True, editable=False)
    next_review_due = models.DateField(
        "next review due",
        null=True,
        blank=True,
        help_text="When this page must next be checked for accuracy. Normally set by "
        "'Confirm review'; bring it forward, for example, when something it says is about "
        "to change. Changing it takes effect at once, without publishing.",
    )
    # The due date a reminder was last emailed for: one reminder per review cycle.
    review_reminder_sent_for = models.DateField(null=True, editable=False)

    share_image = models.ForeignKey(
        get_image_model_string(),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown when this page is shared on social media or in messages. Wide images "
        "(about 1200 × 630) work best. Without one, a card with the page's title and section "
        "is made automatically, and made again when the title changes.",
    )

    base_form_class = SitePageForm

    promote_panels = [*Page.promote_panels, FieldPanel("share_image")]
    settings_panels = [*Page.settings_panels, ReviewDatePanel("next_review_due")]

    # Facts about the page as a whole, not about one version of its content:
    # restoring or publishing a revision must never roll them back.
    page_wide_fields = ("last_reviewed_at", "next_review_due", "review_reminder_sent_for")

    objects = SitePageManager()

    class Meta:
        abstract = True

    def with_content_json(self, content):
        page = super().with_content_json(content)
        for name in self.page_wide_fields:
            setattr(page, name, getattr(self, name))
        return page

    def permissions_for_user(self, user):
        # Only administrators delete pages; see home/permissions.py.
        return SitePagePermissionTester(user, self)

    def serve(self, request, *args, **kwargs):
        # Reached only once Wagtail has let the visitor see the page (a private
        # page's password form never gets here); a preview is an editor's own.
        response = super().serve(request, *args, **kwargs)
        if not getattr(request, "is_preview", False):
            mark_public_page(response)
        return response

    def get_short_url(self, request=None) -> str:
        """The page's permanent address, /p/<id>/, which follows it wherever it moves."""
        parts = self.get_url_parts(request)  # cached site root paths: no query
        root = parts[1] if parts else ""
        return root + reverse("short_link", args=[self.pk])

    @property
    def review_overdue(self) -> bool:
        return self.next_review_due is not None and self.next_review_due < localdate()

    @property
    def public_next_review(self) -> date | None:
        """The next review date to show visitors: never one already passed, which would
        only tell them the page may be out of date while its owner checks it."""
        return None if self.review_overdue else self.next_review_due

    def set_next_review_due(self, due: date | None) -> None:
        """Move the next review (a fact about the page, not its content: no revision)."""
        values = {"next_review_due": due, "review_reminder_sent_for": None}
        type(self).objects.filter(pk=self.pk).update(**values)
        for name, value in values.items():
            setattr(self, name, value)

    def record_review(self, reviewed_on: date | None = None) -> None:
        """Confirm the page is accurate: the next review falls due one interval later."""
        reviewed_on = reviewed_on or localdate()
        values = {
            "last_reviewed_at": reviewed_on,
            "next_review_due": add_months(reviewed_on, self.review_interval_months),
            "review_reminder_sent_for": None,
        }
        # A direct update: a review changes no content, so it makes no revision.
        type(self).objects.filter(pk=self.pk).update(**values)
        for name, value in values.items():
            setattr(self, name, value)

    @property
    def meta_description(self) -> str:
        return self.search_description

    def get_view_restrictions(self):
        # The same answer as Wagtail's, in one query rather than two: the
        # ancestors' paths are prefixes of this page's path, so they need no
        # look-up. A restriction on the source of an alias applies to the alias.
        paths = [self.path[:end] for end in range(self.steplen, len(self.path) + 1, self.steplen)]
        return PageViewRestriction.objects.filter(
            Q(page__path__in=paths) | Q(page__aliases__path__in=paths)
        ).distinct()


SUMMARY_HELP_TEXT = (
    "One or two plain sentences saying what this page is about. Shown under the "
    "title, in lists of pages and in search results."
)


class BasePage(SitePage):
    """A page with a summary: everything but the home page."""

    summary = models.TextField(max_length=400, help_text=SUMMARY_HELP_TEXT)

    content_panels = [*Page.content_panels, FieldPanel("summary")]

    search_fields = [*Page.search_fields, index.SearchField("summary")]

    class Meta:
        abstract = True

    @property
    def meta_description(self) -> str:
        return self.search_description or self.summary


class IndexPage(BasePage):
    """A section front page that lists its child pages, e.g. the aims or the programmes.

    Concrete (with a table of its own) rather than abstract, so the home page
    can fetch every section with its introduction in a single query.
    """

    is_creatable = False
    search_section = "Section"

    intro = models.CharField(
        max_length=255,
        blank=True,
        help_text="A short line that leads into the list, for example 'We aim to:'. "
        "Shown here and above this section on the home page.",
    )
    teaser_link_text = models.CharField(
        "home page link text",
        max_length=100,
        blank=True,
        help_text="Optional. Text of a link to this page at the end of its section "
        "on the home page, for example 'Find out more about our work.'",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("summary"),
        FieldPanel("teaser_link_text"),
    ]

    search_fields = [*BasePage.search_fields, index.SearchField("intro")]

    # Set by each section: the page type listed, as "app_label.ModelName".
    child_page_model: str = ""
    # Whether the order of the list matters (it is then numbered).
    ordered_listing = False
    # How the list is laid out on wide screens: "row" (one row of cards) or "grid".
    listing_layout = "grid"

    @property
    def listing_tag(self) -> str:
        return "ol" if self.specific_class.ordered_listing else "ul"

    def get_listing(self):
        """The live, public pages this section lists, in the order set in the page tree."""
        model = apps.get_model(self.specific_class.child_page_model)
        return model.objects.child_of(self).live().public().defer_streamfields().order_by("path")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["listing"] = self.get_listing()
        return context


class HomePage(SitePage):
    """The front page: the partnership's vision and purpose, and the way in to its work."""

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["aims.AimIndexPage", "programmes.ProgrammeIndexPage", "home.StandardPage"]
    max_count = 1

    introduction = models.CharField(
        "who we are",
        max_length=250,
        blank=True,
        help_text="Who the partnership is, in one plain sentence. Shown under the title at the "
        "top of the home page, so newcomers know at once whose website this is.",
    )
    vision = models.TextField(
        max_length=300,
        help_text="The partnership's vision in one sentence. Shown at the top, in large text.",
    )
    purpose_intro = models.CharField(
        max_length=100,
        blank=True,
        help_text="A short lead-in to the purpose, for example 'Our purpose is:'.",
    )
    purpose = models.TextField(
        help_text="The partnership's purpose. Shown as a quotation, so leave out quotation "
        "marks; the design adds them.",
    )
    tagline_intro = models.CharField(
        max_length=100,
        blank=True,
        help_text="A short lead-in to the tagline, for example 'Or, put simply:'.",
    )
    tagline = models.CharField(
        max_length=100,
        blank=True,
        help_text="The purpose in a few words, for example 'Innovation through collaboration'. "
        "Shown at the top of the home page as the partnership's motto.",
    )
    film = models.ForeignKey(
        "home.Film",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The film shown at the top of the home page, such as the strategy film. "
        "Choose one from Snippets › Films; it shows once it is published.",
    )
    film_introduction = models.CharField(
        max_length=250,
        blank=True,
        help_text="Optional. A sentence inviting visitors to watch, for example 'Watch our "
        "short film, which explains our strategy.'",
    )
    body = StreamField(
        BodyBlock(),
        blank=True,
        help_text="Anything else to show after the purpose and before the aims and programmes.",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("introduction"),
        FieldPanel("vision"),
        MultiFieldPanel(
            [FieldPanel("tagline_intro"), FieldPanel("tagline")],
            heading="Motto",
        ),
        MultiFieldPanel([FieldPanel("film"), FieldPanel("film_introduction")], heading="Film"),
        MultiFieldPanel(
            [FieldPanel("purpose_intro"), FieldPanel("purpose")],
            heading="Purpose",
        ),
        FieldPanel("body"),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("introduction"),
        index.SearchField("vision"),
        index.SearchField("purpose"),
        index.SearchField("tagline"),
        index.SearchField("body"),
    ]

    @property
    def meta_description(self) -> str:
        return self.search_description or self.vision

    def route(self, request, path_components):
        """Find the page at an address in one step, rather than one level at a time."""
        if path_components:
            url_path = self.url_path + "/".join(path_components) + "/"
            page = Page.objects.filter(url_path=url_path, path__startswith=self.path).first()
            if page is not None:
                return page.specific.route(request, [])
        return super().route(request, path_components)

    @cached_property
    def film_to_show(self):
        """The chosen film, with its poster, if visitors can watch it; one query."""
        from home.models.film import Film

        if self.film_id is None:
            return None
        film = Film.objects.select_related("poster").filter(pk=self.film_id, live=True).first()
        return film if film is not None and film.is_playable else None

    def get_sections(self, request=None) -> list["Section"]:
        """Each live section under the home page, in page-tree order, with the pages it lists.

        Two queries however many sections and pages: the sections come with the
        site's menu (home/navigation.py), and all their pages come in one more.
        """
        from home.navigation import site_structure

        index_pages = site_structure(self, request).sections
        if not index_pages:
            return []
        models = {
            page.pk: apps.get_model(page.specific_class.child_page_model) for page in index_pages
        }
        distinct_models = list(dict.fromkeys(models.values()))
        summaries = [F(f"{model._meta.model_name}__summary") for model in distinct_models]
        listed = {page.path: [] for page in index_pages}
        in_a_section = reduce(or_, (Page.objects.child_of_q(page) for page in index_pages))
        pages = (
            Page.objects.filter(in_a_section)
            .live()
            .exclude(private_q())
            .filter(content_type__in=ContentType.objects.get_for_models(*distinct_models).values())
            .annotate(summary=Coalesce(*summaries, Value(""), output_field=TextField()))
            .order_by("path")
        )
        for page in pages:
            listed[page.path[: -Page.steplen]].append(page)
        return [
            Section(
                page=index_page,
                intro=index_page.index_intro,
                link_text=index_page.index_link_text,
                listing_tag="ol" if index_page.specific_class.ordered_listing else "ul",
                layout=index_page.specific_class.listing_layout,
                pages=listed[index_page.path],
            )
            for index_page in index_pages
        ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # What the home page shows of other content is kept until the content
        # changes (home/cache.py): its film, its sections' pages, the members.
        if not getattr(request, "is_preview", False):  # a preview shows the draft's film
            self.__dict__["film_to_show"] = get_or_set(
                request, f"home-film:{self.pk}:{self.film_id}", lambda: self.film_to_show
            )
        context["film"] = self.film_to_show
        context["sections"] = get_or_set(
            request, f"home-sections:{self.pk}", lambda: self.get_sections(request)
        )
        context["member_organisations"] = get_or_set(
            request, "members", lambda: list(self.get_partners())
        )
        return context

    def get_partners(self):
        """Every published member organisation, by name, for the home page's list."""
        from home.models.partners import Partner

        return Partner.objects.members()


@dataclass(frozen=True)
class Section:
    """A section as the home page introduces it."""

    page: Page
    intro: str
    link_text: str
    listing_tag: str
    layout: str
    pages: list[Page]

    @property
    def anchor(self) -> str:
        return f"section-{self.page.slug}"


class StandardPage(BasePage):
    """A general page of text, such as 'About us' or the accessibility statement."""

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]

    body = StreamField(
        StandardPageBodyBlock(), blank=True, help_text="The main content of the page."
    )
    show_in_footer = models.BooleanField(
        default=False,
        help_text="Link to this page from the footer of every page, as for the cookies "
        "page and the accessibility statement.",
    )

    content_panels = [*BasePage.content_panels, FieldPanel("body")]
    promote_panels = [*SitePage.promote_panels, FieldPanel("show_in_footer")]

    search_fields = [*BasePage.search_fields, index.SearchField("body")]
