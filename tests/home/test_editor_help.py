"""Help for editors: every field explains itself, and the editor checks what matters here."""

from bs4 import BeautifulSoup

from django.contrib.auth import get_user_model

from wagtail.admin.panels import FieldPanel
from wagtail.blocks import ListBlock, StaticBlock, StreamBlock, StructBlock
from wagtail.images.blocks import ImageBlock
from wagtail.models import get_page_models

from home.blocks import RICH_TEXT_FEATURES, SocialLinkBlock, StandardPageBodyBlock
from home.models import Film, Partner, SiteSettings
from home.wagtail_hooks import SiteContentChecker

# Wagtail's own page fields come with Wagtail's own help.
WAGTAIL_FIELDS = {"title", "slug", "seo_title", "search_description", "show_in_menus"}
# Choosers whose label says it all.
SELF_EXPLANATORY_BLOCKS = {"service", "facts"}


def panel_fields(panels):
    for panel in panels:
        if isinstance(panel, FieldPanel):
            yield panel.field_name
        yield from panel_fields(getattr(panel, "children", []))


def our_models():
    pages = [model for model in get_page_models() if not model.__module__.startswith("wagtail")]
    return [*pages, Film, Partner, SiteSettings]


def test_every_field_editors_see_has_help_text():
    missing = []
    for model in our_models():
        panels = [
            *getattr(model, "content_panels", []),
            *getattr(model, "promote_panels", []),
            *getattr(model, "panels", []),
        ]
        for name in set(panel_fields(panels)) - WAGTAIL_FIELDS:
            if not model._meta.get_field(name).help_text:
                missing.append(f"{model.__name__}.{name}")
    assert missing == []


def block_help(block):
    field = getattr(block, "field", None)
    return (field.help_text if field is not None else "") or getattr(block.meta, "help_text", "")


def test_every_block_and_block_field_has_a_description_or_help():
    missing = []

    def walk(block, path):
        children = dict(getattr(block, "child_blocks", {}))
        if isinstance(block, ListBlock):
            children = {"item": block.child_block}
        for name, child in children.items():
            if isinstance(block, StreamBlock):
                if not child.get_description():
                    missing.append(f"{path}.{name}")
            elif (
                not isinstance(child, (StructBlock, ListBlock, StaticBlock))
                and not block_help(child)
                and name not in SELF_EXPLANATORY_BLOCKS
            ):
                missing.append(f"{path}.{name}")
            if not isinstance(child, ImageBlock):  # Wagtail's own, with its own labels
                walk(child, f"{path}.{name}")

    walk(StandardPageBodyBlock(), "body")
    walk(SocialLinkBlock(), "social_link")
    assert missing == []


def test_rich_text_is_limited_to_what_the_design_supports():
    allowed = {"bold", "italic", "code", "ol", "ul", "link", "document-link"}
    assert set(RICH_TEXT_FEATURES) == allowed
    assert Film._meta.get_field("transcript").features == RICH_TEXT_FEATURES


def test_the_checker_runs_the_rules_that_matter_for_this_site():
    rules = set(SiteContentChecker.axe_run_only)
    assert {
        "alt-text-quality",
        "image-alt",
        "heading-order",
        "empty-heading",
        "link-name",
        "button-name",
        "frame-title",
        "empty-meta-description",
    } <= rules


def test_the_page_editor_uses_the_sites_checker(client, home_page):
    client.force_login(get_user_model().objects.create_superuser("admin", "", "pw"))
    html = client.get(f"/admin/pages/{home_page.pk}/edit/").content.decode()
    config = BeautifulSoup(html, "html.parser").find(id="checker-axe-configuration")
    assert config is not None, "the editor's checks panel is missing"
    assert '"image-alt"' in config.get_text()
    assert '"heading-order"' in config.get_text()
