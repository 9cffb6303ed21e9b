"""The one block library every page body on the site is built from.

Apps extend it in their own blocks.py; they never define a second body.
Each block carries a description and a realistic preview so editors see
what they are choosing in the block picker.
"""

from bs4 import BeautifulSoup

from django.core.exceptions import ValidationError
from django.utils.functional import cached_property
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import slugify

from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.images.blocks import ImageBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from home import consent

# Rich text carries paragraphs, emphasis, lists and links only. Headings come
# from the heading block so that every page keeps a clean h2/h3 outline.
RICH_TEXT_FEATURES = ["bold", "italic", "code", "ol", "ul", "link", "document-link"]


class HeadingValue(blocks.StructValue):
    @property
    def tag(self) -> str:
        return self.get("level") or "h2"


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(
        max_length=120,
        help_text="Keep it short and plain, for example 'How we work'.",
    )
    level = blocks.ChoiceBlock(
        choices=[("h2", "Section heading"), ("h3", "Sub-heading within a section")],
        default="h2",
        help_text="Use a sub-heading only under a section heading, so screen "
        "reader users can follow the page's outline.",
    )

    class Meta:
        icon = "title"
        template = "blocks/heading_block.html"
        value_class = HeadingValue
        label = "Heading"
        description = "A section heading or sub-heading that breaks a long page into parts."
        preview_value = {"text": "How we work", "level": "h2"}


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("features", RICH_TEXT_FEATURES)
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        template = "blocks/paragraph_block.html"
        label = "Text"
        description = "Paragraphs of text, with bold, italics, lists and links."
        preview_value = (
            "<p>Personalised medicine is about moving away from a "
            "<b>‘one size fits all’</b> approach to the treatment and care of people "
            "with particular health conditions.</p>"
        )


class ImageValue(blocks.StructValue):
    @property
    def alt_text(self) -> str:
        """The alt text to render: empty for a decorative image, so screen readers skip it."""
        image = self.get("image")
        if image is None or getattr(image, "decorative", False):
            return ""
        return image.contextual_alt_text or ""


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageBlock(
        help_text="Describe what the image shows for people who cannot see it, "
        "or tick 'decorative' if it adds nothing to the text.",
    )
    caption = blocks.CharBlock(
        required=False,
        max_length=250,
        help_text="Optional. Shown under the image; a good place for a credit.",
    )

    class Meta:
        icon = "image"
        template = "blocks/image_block.html"
        value_class = ImageValue
        label = "Image"
        description = "A picture with alt text and an optional caption."

    def get_preview_value(self):
        # A preview can only show an image the library really has.
        from wagtail.images import get_image_model

        image = get_image_model().objects.order_by("-created_at").first()
        if image is None:
            return self.get_default()
        image.contextual_alt_text = image.title
        image.decorative = False
        return self.normalize({"image": image, "caption": image.title})

    @cached_property
    def is_previewable(self):
        return True


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(help_text="The words quoted, without quotation marks.")
    attribution = blocks.CharBlock(
        required=False,
        max_length=150,
        help_text="Optional. Who said it, for example their name and role.",
    )

    class Meta:
        icon = "openquote"
        template = "blocks/quote_block.html"
        label = "Quote"
        description = "A quotation, set apart from the text around it."
        preview_value = {
            "quote": "Innovation through collaboration",
            "attribution": "The partnership's purpose, put simply",
        }


# Shown to an editor whose call to action still points at a page that was deleted.
DELETED_PAGE_MESSAGE = (
    "The page this link pointed to was deleted; choose another page or give a web address."
)


class LinkValue(blocks.StructValue):
    # The id of the page this link was given if that page has since been deleted
    # (Wagtail then hands over no page at all), so editors can be told why it broke.
    missing_page_id = None

    @property
    def href(self) -> str:
        """Where the link goes, or "" when there is nowhere a visitor could go."""
        page = self.get("page")
        if page is not None:
            return (page.url or "") if page.live else ""
        return self.get("url") or ""

    @property
    def is_external(self) -> bool:
        return self.get("page") is None and bool(self.get("url"))

    @property
    def broken_link_message(self) -> str:
        """Why visitors see nothing here, for editors previewing the page; "" if it works."""
        page = self.get("page")
        if page is not None and not page.live:
            return (
                f"This call to action is hidden from visitors: it links to "
                f"“{page.get_admin_display_title()}”, which is not published. Publish that "
                "page, or edit this block to choose another page or give a web address."
            )
        if page is None and self.missing_page_id and not self.get("url"):
            return (
                "This call to action is hidden from visitors: the page it linked to was "
                "deleted. Edit this block to choose another page or give a web address."
            )
        return ""


class CallToActionBlock(blocks.StructBlock):
    text = blocks.CharBlock(
        max_length=100,
        help_text="Say where the link goes, for example 'Find out more about our work'. "
        "Avoid 'click here'.",
    )
    page = blocks.PageChooserBlock(
        required=False,
        help_text="Choose a page on this site, or give a web address below.",
    )
    url = blocks.URLBlock(
        required=False,
        label="Web address",
        help_text="A full address starting https://, for another website.",
    )

    class Meta:
        icon = "link"
        template = "blocks/call_to_action_block.html"
        value_class = LinkValue
        label = "Call to action"
        description = "A prominent link that asks the reader to take a next step."
        preview_value = {"text": "Find out more about our work", "url": "https://www.nhs.uk/"}

    # A link whose page was deleted keeps that page's id, so the editor is told
    # what happened, the Broken links report finds it, and saving it again in
    # code does not silently turn it into a link to nowhere.

    def to_python(self, value):
        return self._remember_missing_page(value.get("page"), super().to_python(value))

    def bulk_to_python(self, values):
        return [
            self._remember_missing_page(raw.get("page"), value)
            for raw, value in zip(values, super().bulk_to_python(values), strict=True)
        ]

    def value_from_datadict(self, data, files, prefix):
        value = super().value_from_datadict(data, files, prefix)
        posted_id = str(data.get(f"{prefix}-page") or "")
        return self._remember_missing_page(int(posted_id) if posted_id.isdigit() else None, value)

    @staticmethod
    def _remember_missing_page(page_id, value):
        if page_id and value.get("page") is None:
            value.missing_page_id = page_id
        return value

    def get_prep_value(self, value):
        prep_value = super().get_prep_value(value)
        missing_page_id = getattr(value, "missing_page_id", None)
        if prep_value.get("page") is None and missing_page_id and not prep_value.get("url"):
            prep_value["page"] = missing_page_id
        return prep_value

    def get_form_state(self, value):
        state = super().get_form_state(value)
        missing_page_id = getattr(value, "missing_page_id", None)
        if state.get("page") is None and missing_page_id:
            # The chooser keeps the id, so saving without a change says what is wrong.
            state["page"] = {
                "id": missing_page_id,
                "parentId": None,
                "adminTitle": "A page that was deleted",
                "editUrl": None,
            }
        return state

    def extract_references(self, value):
        from wagtail.models import Page

        yield from super().extract_references(value)
        missing_page_id = getattr(value, "missing_page_id", None)
        if value.get("page") is None and missing_page_id:
            yield Page, str(missing_page_id), "page", "page"

    def clean(self, value):
        missing_page_id = getattr(value, "missing_page_id", None)
        value = super().clean(value)
        has_page, has_url = value.get("page") is not None, bool(value.get("url"))
        if missing_page_id and not has_page and not has_url:
            if self.is_deferred_validation:
                # Like a required field left empty: a draft or a preview may keep
                # it (the preview then shows editors what is wrong); publishing may not.
                value.missing_page_id = missing_page_id
                return value
            raise StructBlockValidationError(
                block_errors={
                    "page": ValidationError(DELETED_PAGE_MESSAGE),
                    "url": ValidationError(DELETED_PAGE_MESSAGE),
                }
            )
        if has_page == has_url:
            message = "Choose a page or give a web address (one, not both)."
            raise StructBlockValidationError(
                block_errors={"page": ValidationError(message), "url": ValidationError(message)}
            )
        return value


class KeyFactBlock(blocks.StructBlock):
    figure = blocks.CharBlock(
        max_length=40,
        help_text="The number or short fact to stand out, for example 'around 57,000'.",
    )
    description = blocks.CharBlock(
        max_length=160,
        help_text="What the figure counts, in a few plain words, for example "
        "'health and care staff in Leeds'.",
    )

    class Meta:
        icon = "info-circle"
        template = "blocks/key_fact_block.html"
        label = "Key fact"
        description = "One figure or fact, shown large, with a few words saying what it is."
        preview_value = {"figure": "around 57,000", "description": "health and care staff"}


class KeyFactsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(
        required=False,
        max_length=120,
        help_text="Optional heading above the facts, for example 'In numbers'.",
    )
    facts = blocks.ListBlock(KeyFactBlock(), min_num=1, max_num=6)

    class Meta:
        icon = "list-ul"
        template = "blocks/key_facts_block.html"
        label = "Key facts"
        description = "A row of up to six figures or facts that sum up the work."
        preview_value = {
            "heading": "In numbers",
            "facts": [
                {"figure": "around 57,000", "description": "health and care staff"},
                {"figure": "3", "description": "aims"},
            ],
        }


class FilmChooserBlock(SnippetChooserBlock):
    def bulk_to_python(self, values):
        # Fetch each film with its poster in one query, not one more per film.
        objects = self.model_class.objects.select_related("poster").in_bulk(
            [value for value in values if value is not None]
        )
        return [objects.get(value) for value in values]


class FilmValue(blocks.StructValue):
    @property
    def film_to_show(self):
        """The chosen film if visitors can watch it: published, with a video to play."""
        film = self.get("film")
        if film is None or not film.live or not film.is_playable:
            return None
        return film


class FilmBlock(blocks.StructBlock):
    introduction = blocks.CharBlock(
        required=False,
        max_length=250,
        help_text="Optional. A sentence introducing the film, for example 'Watch our short "
        "film, which explains our strategy.'",
    )
    film = FilmChooserBlock(
        "home.Film",
        help_text="Choose a film from Snippets › Films. Until the film is published, this "
        "block shows nothing.",
    )

    class Meta:
        icon = "media"
        template = "blocks/film_block.html"
        value_class = FilmValue
        label = "Film"
        preview_template = "blocks/film_block_preview.html"
        description = (
            "A video with its poster, transcript and captions. Nothing loads from YouTube "
            "or Vimeo until the visitor presses play."
        )

    def get_preview_value(self):
        from home.models import Film

        film = Film.objects.filter(live=True).first()
        return self.normalize({"introduction": "Watch our short film.", "film": film})

    @cached_property
    def is_previewable(self):
        return True


class VideoConsentBlock(blocks.StaticBlock):
    """Lists the video cookie, says whether it is set, and lets the visitor withdraw it."""

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context.update(
            cookie_name=consent.VIDEO_CONSENT_COOKIE,
            cookie_duration=consent.VIDEO_CONSENT_DURATION,
            just_withdrawn=consent.was_just_withdrawn(context.get("request")),
            settings_id=consent.SETTINGS_ID,
        )
        return context

    class Meta:
        icon = "cog"
        template = "blocks/video_consent_block.html"
        label = "Video cookie settings"
        admin_text = (
            "Lists the cookie that remembers a visitor's choice to play videos straight "
            "away, shows whether it is set, and lets them withdraw it."
        )
        description = admin_text + " For the cookies page."
        preview_value = None


class SocialLinkValue(blocks.StructValue):
    @property
    def label(self) -> str:
        return self.get("name") or dict(SocialLinkBlock.SERVICES).get(self.get("service"), "")


class SocialLinkBlock(blocks.StructBlock):
    SERVICES = [
        ("bluesky", "Bluesky"),
        ("facebook", "Facebook"),
        ("instagram", "Instagram"),
        ("linkedin", "LinkedIn"),
        ("mastodon", "Mastodon"),
        ("threads", "Threads"),
        ("x", "X (Twitter)"),
        ("youtube", "YouTube"),
        ("other", "Other"),
    ]

    service = blocks.ChoiceBlock(choices=SERVICES)
    url = blocks.URLBlock(label="Address", help_text="The full address of the account page.")
    name = blocks.CharBlock(
        required=False,
        max_length=60,
        help_text="Optional. Link text, if the service's name is not enough.",
    )

    class Meta:
        icon = "link-external"
        value_class = SocialLinkValue
        label = "Social media account"


class PartnerListBlock(blocks.StaticBlock):
    """Every published partner organisation, in the order set in Snippets › Partners:
    the members, then those working with the partnership without being members."""

    def get_context(self, value, parent_context=None):
        from home.models import Partner

        context = super().get_context(value, parent_context=parent_context)
        partners = list(Partner.objects.for_listing())
        context["members"] = [partner for partner in partners if partner.is_member]
        context["others"] = [partner for partner in partners if not partner.is_member]
        return context

    class Meta:
        icon = "group"
        template = "blocks/partner_list_block.html"
        label = "Partner organisations"
        admin_text = "Lists every published partner organisation, from Snippets › Partners."
        description = admin_text
        preview_value = None


class ContactDetailsBlock(blocks.StaticBlock):
    """The contact email and postal address from Settings › Site settings."""

    class Meta:
        icon = "mail"
        template = "blocks/contact_details_block.html"
        label = "Contact details"
        admin_text = "Shows the contact email and address set in Settings › Site settings."
        description = admin_text + " Always up to date, so no page repeats them by hand."
        preview_value = None


class StatementDatesBlock(blocks.StructBlock):
    prepared_on = blocks.DateBlock(
        help_text="When this statement was first written.",
    )
    last_reviewed_on = blocks.DateBlock(
        required=False,
        help_text="When someone last checked the statement is still accurate.",
    )

    class Meta:
        icon = "date"
        template = "blocks/statement_dates_block.html"
        label = "Statement dates"
        description = (
            "When a statement (such as the accessibility statement) was prepared and last "
            "reviewed, as the law asks public bodies to say."
        )
        preview_value = {"prepared_on": "2026-11-24", "last_reviewed_on": "2026-11-24"}


class BodyBlock(blocks.StreamBlock):
    """The blocks any page body may contain.

    Every h2 and h3 in a rendered body gets an id made from its text, unique on
    the page, so partners can link straight to a section.
    """

    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    image = CaptionedImageBlock()
    quote = QuoteBlock()
    call_to_action = CallToActionBlock()
    key_facts = KeyFactsBlock()
    film = FilmBlock()

    def render_basic(self, value, context=None):
        # The first image is likely on the first screen: it loads at once, the rest
        # only as the visitor scrolls towards them.
        first_image = next((child.id for child in value if child.block_type == "image"), None)
        context = context.flatten() if hasattr(context, "flatten") else dict(context or {})
        html = format_html_join(
            "\n",
            '<div class="w-block-{1} block-{1}">{0}</div>',
            [
                (
                    child.render(
                        context={**context, "image_loading": _loading(child.id == first_image)}
                    ),
                    child.block_type,
                )
                for child in value
            ],
        )
        return mark_safe(add_heading_anchors(html))


def _loading(first: bool) -> str:
    return "eager" if first else "lazy"


class StandardPageBodyBlock(BodyBlock):
    """A general page's body: the shared blocks, and those for the pages that need them
    (the members list, the statutory pages' contact details, dates and cookie
    settings), which no aim or programme would use."""

    partner_list = PartnerListBlock()
    contact_details = ContactDetailsBlock()
    statement_dates = StatementDatesBlock()
    video_consent = VideoConsentBlock()


# Ids the page templates use themselves; a heading never takes one of these.
RESERVED_IDS = {
    "main-content",
    "primary-nav",
    "header-search",
    "search-page-query",
    "page-title",
    "top",
    "our-purpose",
    "key-facts",
    "follow-us",
    "recommended",
    "results",
    "suggestions",
    "other-partners",
    "related-aims",
    "related-programmes",
    "related-partners",
    "share-link-label",
}
RESERVED_PREFIXES = (
    "film-",
    "section-",
    "partner-",
    "result-",
    "recommended-",
    "suggestion-",
    "teaser-",
)


def add_heading_anchors(html: str) -> str:
    """Give each h2 and h3 without an id a stable one made from its text, and each h2 a
    visible link to itself, as templates/components/section_heading.html does."""
    soup = BeautifulSoup(html, "html.parser")
    used = set(RESERVED_IDS) | {tag["id"] for tag in soup.find_all(id=True)}
    for heading in soup.find_all(["h2", "h3"]):
        if heading.find_parent(class_="section-heading"):
            continue  # a component that made its own heading and link (a film's)
        if not heading.get("id"):
            base = slugify(heading.get_text(" ", strip=True)) or "section"
            if base.startswith(RESERVED_PREFIXES):
                base = f"{base}-heading"
            anchor, number = base, 2
            while anchor in used:
                anchor, number = f"{base}-{number}", number + 1
            heading["id"] = anchor
            used.add(anchor)
        # Sections get a link to themselves; the titles of items in a list (cards,
        # partners) are not sections.
        if heading.name == "h2" and not heading.find_parent("li"):
            _add_section_link(soup, heading)
    return str(soup)


def _add_section_link(soup, heading) -> None:
    wrapper = soup.new_tag("div", attrs={"class": "section-heading"})
    heading.wrap(wrapper)
    heading["class"] = [*heading.get("class", []), "section-heading__title"]
    link = soup.new_tag("a", attrs={"class": "section-link", "href": f"#{heading['id']}"})
    symbol = soup.new_tag("span", attrs={"aria-hidden": "true"})
    symbol.string = "#"
    label = soup.new_tag("span", attrs={"class": "visually-hidden"})
    label.string = f"Link to the section “{heading.get_text(' ', strip=True)}”"
    link.extend([symbol, label])
    wrapper.append(link)
