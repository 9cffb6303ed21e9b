"""The shared block library: what editors can build and what visitors then see."""

import pytest
from bs4 import BeautifulSoup

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Page

from home.blocks import (
    RICH_TEXT_FEATURES,
    BodyBlock,
    CallToActionBlock,
    CaptionedImageBlock,
    HeadingBlock,
    StandardPageBodyBlock,
)


def render(block, value):
    return BeautifulSoup(block.render(block.to_python(value)), "html.parser")


def test_headings_are_h2_or_h3_only():
    block = HeadingBlock()
    assert [choice for choice, _ in block.child_blocks["level"].field.choices if choice] == [
        "h2",
        "h3",
    ]
    assert render(block, {"text": "How we work", "level": "h3"}).h3.get_text() == "How we work"
    with pytest.raises(ValidationError):
        block.clean(block.to_python({"text": "Title", "level": "h1"}))


def test_rich_text_offers_no_headings_or_raw_html():
    assert not {"h1", "h2", "h3", "h4", "embed", "image"} & set(RICH_TEXT_FEATURES)
    body = BodyBlock()
    assert body.child_blocks["paragraph"].features == RICH_TEXT_FEATURES


@pytest.mark.django_db
def test_call_to_action_needs_exactly_one_destination(home_page):
    block = CallToActionBlock()
    for value in (
        {"text": "Find out more", "page": None, "url": ""},
        {"text": "Find out more", "page": home_page.pk, "url": "https://example.org/"},
    ):
        with pytest.raises(ValidationError) as error:
            block.clean(block.to_python(value))
        assert "Choose a page or give a web address" in str(error.value.block_errors)
    link = render(block, {"text": "Find out more about our work", "page": home_page.pk, "url": ""})
    assert link.a["href"] == "/"
    assert link.a.get_text() == "Find out more about our work"


@pytest.fixture
def image(db):
    from wagtail.images.models import Image

    return Image.objects.create(title="Staff at the academy", file=get_test_image_file())


def test_image_alt_text_reaches_the_page(image):
    block = CaptionedImageBlock()
    value = block.to_python(
        {
            "image": {"image": image.pk, "alt_text": "Two nurses talking", "decorative": False},
            "caption": "Photo: the academy",
        }
    )
    html = BeautifulSoup(block.render(value), "html.parser")
    assert html.img["alt"] == "Two nurses talking"
    assert html.figcaption.get_text() == "Photo: the academy"
    assert html.img["loading"] == "lazy"
    assert all(s["srcset"].startswith("/media/") for s in html.find_all("source"))


def test_decorative_image_has_empty_alt(image):
    block = CaptionedImageBlock()
    value = block.to_python(
        {"image": {"image": image.pk, "alt_text": "", "decorative": True}, "caption": ""}
    )
    assert BeautifulSoup(block.render(value), "html.parser").img["alt"] == ""


def test_image_without_alt_text_or_decorative_is_refused(image):
    block = CaptionedImageBlock()
    value = block.to_python(
        {"image": {"image": image.pk, "alt_text": "", "decorative": False}, "caption": ""}
    )
    with pytest.raises(ValidationError) as error:
        block.clean(value)
    message = error.value.block_errors["image"].block_errors["alt_text"].messages[0]
    assert message == "Please add some alt text for your image or mark it as decorative"


def test_every_block_describes_itself_for_editors():
    for name, block in StandardPageBodyBlock().child_blocks.items():
        assert block.get_description(), name
        assert block.meta.icon != "placeholder", name
        assert block.meta.template.startswith("blocks/"), name


@pytest.mark.django_db
def test_block_picker_previews_show_realistic_content(client, home_page, image):
    client.force_login(get_user_model().objects.create_superuser("admin", "", "pw"))
    for name, block in StandardPageBodyBlock().child_blocks.items():
        assert block.is_previewable, name
        response = client.get("/admin/block-preview/", {"id": block.definition_prefix})
        assert response.status_code == 200, name
        main = BeautifulSoup(response.content, "html.parser").find("main")
        assert main.get_text(strip=True) or main.find("img"), name
        # Previews use the site's own stylesheet, so editors see what visitors will.
        assert BeautifulSoup(response.content, "html.parser").find(
            "link", href="/static/css/main.css"
        ), name


@pytest.mark.django_db
def test_body_renders_each_block_with_its_template(home_page):
    body = BodyBlock()
    value = body.to_python(
        [
            {"type": "heading", "value": {"text": "Our approach", "level": "h2"}},
            {"type": "paragraph", "value": "<p>Plain words.</p>"},
            {
                "type": "quote",
                "value": {"quote": "Innovation through collaboration", "attribution": ""},
            },
            {
                "type": "key_facts",
                "value": {
                    "heading": "In numbers",
                    "facts": [{"figure": "around 57,000", "description": "staff"}],
                },
            },
        ]
    )
    html = BeautifulSoup(body.render(value), "html.parser")
    assert html.h2.get_text() in ("Our approach", "In numbers")
    assert html.find("blockquote").get_text(strip=True) == "Innovation through collaboration"
    assert html.find(class_="key-fact__figure").get_text() == "around 57,000"
    assert Page.objects.count() >= 2


def test_first_body_image_loads_at_once_the_rest_as_the_visitor_scrolls(client, home_page, image):
    from bs4 import BeautifulSoup

    from tests.factories import StandardPageFactory

    def picture(alt):
        image_value = {"image": image.pk, "alt_text": alt, "decorative": False}
        return {"type": "image", "value": {"image": image_value, "caption": ""}}

    page = StandardPageFactory(parent=home_page)
    page.body = [
        {"type": "paragraph", "value": "<p>Intro.</p>"},
        picture("First"),
        picture("Second"),
    ]
    page.save_revision().publish()
    html = BeautifulSoup(client.get(page.url).content, "html.parser")
    first, second = html.find("img", alt="First"), html.find("img", alt="Second")
    assert first["loading"] == "eager"
    assert second["loading"] == "lazy"
    # Sized to the text column, never wider, so phones fetch a small file.
    for source in html.find(class_="body-image").find_all("source"):
        assert source["sizes"] == "(min-width: 45rem) 42rem, calc(100vw - 2rem)"


def test_statutory_and_members_blocks_are_offered_only_on_general_pages():
    from aims.models import AimPage
    from home.models import HomePage, StandardPage
    from programmes.models import ProgrammePage

    only_general = {"partner_list", "contact_details", "statement_dates", "video_consent"}
    assert only_general <= set(StandardPage.body.field.stream_block.child_blocks)
    for model in (HomePage, AimPage, ProgrammePage):
        offered = set(model._meta.get_field("body").stream_block.child_blocks)
        assert not only_general & offered, model.__name__
