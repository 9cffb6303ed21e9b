"""Share cards: every public page has a picture for social media, drawn from its words."""

import io
import re
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from django.core.files.storage import default_storage
from django.urls import reverse

from wagtail.models import PageViewRestriction

from home import share_cards
from home.seed import load_seed_content
from home.seed_content import SITE_NAME
from tests.conftest import empty_tree
from tests.factories import AimPageFactory, ImageFactory, ProgrammePageFactory

CACHE_FOREVER = "public, max-age=31536000, immutable"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Each test starts with no cards stored."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def seeded_site(db):
    empty_tree()
    load_seed_content()


def head(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    assert "Set-Cookie" not in response.headers
    return BeautifulSoup(response.content, "html.parser")


def meta(html, **attrs):
    tag = html.find("meta", attrs=attrs)
    return tag["content"] if tag else None


def path_of(url: str) -> str:
    return urlsplit(url).path


def fetch_card(client, url):
    response = client.get(path_of(url))
    assert response.status_code == 200, url
    assert response["Content-Type"] == "image/png"
    assert response["Cache-Control"] == CACHE_FOREVER
    assert "Set-Cookie" not in response.headers
    return response


def decoded(response) -> Image.Image:
    image = Image.open(io.BytesIO(response.content))
    image.load()
    assert image.format == "PNG"
    return image


def test_every_page_in_the_sitemap_has_a_1200_by_630_share_card(client, seeded_site):
    sitemap = client.get("/sitemap.xml").content.decode()
    pages = [path_of(url) for url in re.findall(r"<loc>([^<]+)</loc>", sitemap)]
    assert len(pages) >= 10
    images = set()
    for page in pages:
        html = head(client, page)
        image = meta(html, property="og:image")
        assert image.startswith("http://"), page  # absolute, for other sites to fetch
        assert meta(html, property="og:image:type") == "image/png"
        assert (meta(html, property="og:image:width"), meta(html, property="og:image:height")) == (
            "1200",
            "630",
        )
        assert meta(html, property="og:image:alt").endswith(SITE_NAME)
        assert meta(html, name="twitter:card") == "summary_large_image"
        assert decoded(fetch_card(client, image)).size == (1200, 630)
        images.add(image)
    assert len(images) == len(pages)  # each page its own card


def test_card_names_the_page_and_its_section(client, seeded_site):
    programme = head(client, "/programmes/one-leeds-workforce/")
    assert meta(programme, property="og:image:alt") == (
        "One Leeds workforce – Our programmes – Leeds Academic Health Partnership"
    )
    aim = head(client, "/aims/reduce-health-inequalities/")
    assert meta(aim, property="og:image:alt") == (
        "Reduce health inequalities – Our aims – Leeds Academic Health Partnership"
    )
    # A section's own front page and the home page are in no section.
    section = head(client, "/programmes/")
    assert meta(section, property="og:image:alt") == (
        "Our programmes – Leeds Academic Health Partnership"
    )


def test_the_card_is_the_page_picture_in_structured_data(client, seeded_site):
    html = head(client, "/aims/")
    assert meta(html, property="og:image") in html.find("script", type="application/ld+json").string


def test_a_new_title_gives_a_new_card_and_the_old_address_redirects(client, programme_index):
    programme = ProgrammePageFactory(parent=programme_index, title="One Leeds workforce")
    old = meta(head(client, programme.url), property="og:image")
    old_picture = fetch_card(client, old).content

    programme.title = "One Leeds health and care workforce"
    programme.save_revision().publish()
    new = meta(head(client, programme.url), property="og:image")
    assert new != old

    redirect = client.get(path_of(old))
    # Temporary and briefly cached: the title could change back.
    assert redirect.status_code == 302
    assert redirect["Cache-Control"] == "public, max-age=300"
    assert redirect["Location"] == path_of(new)
    new_picture = fetch_card(client, new).content
    assert new_picture != old_picture
    # The old card is not kept once the new one is drawn.
    stored = default_storage.listdir(share_cards.STORAGE_FOLDER)[1]
    assert stored == [f"{programme.pk}-{path_of(new).rsplit('/', 1)[-1]}"]


def test_an_editor_chosen_share_image_is_used_instead_of_the_card(client, aim_index):
    picture = ImageFactory(
        file__width=2400, file__height=1600, description="Staff at a partnership event"
    )
    aim = AimPageFactory(parent=aim_index, share_image=picture)
    html = head(client, aim.url)
    assert meta(html, property="og:image").startswith("http://localhost/media/images/")
    assert meta(html, property="og:image:type").startswith("image/")
    assert meta(html, property="og:image:alt") == "Staff at a partnership event"
    assert "/share-cards/" not in str(html)


def test_drafts_private_pages_and_unknown_pages_have_no_card(client, aim_index):
    draft = AimPageFactory(parent=aim_index, live=False)
    private = AimPageFactory(parent=aim_index)
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    for path in [
        # With the version their card would have, or any other.
        reverse(
            "share_card",
            args=[draft.pk, share_cards.card_version(draft.title, "Our aims", SITE_NAME)],
        ),
        reverse(
            "share_card",
            args=[private.pk, share_cards.card_version(private.title, "Our aims", SITE_NAME)],
        ),
        f"/share-cards/{draft.pk}/abcdef012345.png",
        "/share-cards/987654/abcdef012345.png",
        f"/share-cards/{10**30}/abcdef012345.png",
    ]:
        response = client.get(path)
        assert response.status_code == 404, path
        assert response["Content-Type"].startswith("text/html")


def test_card_address_with_any_other_version_redirects_to_the_current_card(client, aim_index):
    aim = AimPageFactory(parent=aim_index, title="Reduce health inequalities")
    current = path_of(meta(head(client, aim.url), property="og:image"))
    for version in ["0", "not-a-version", "ünïcode", "a.b", "x" * 300]:
        response = client.get(f"/share-cards/{aim.pk}/{version}.png")
        assert response.status_code == 302, version
        assert response["Location"] == current


def test_cards_answer_get_and_head_only(client, aim_index):
    aim = AimPageFactory(parent=aim_index)
    card = path_of(meta(head(client, aim.url), property="og:image"))
    assert client.head(card).status_code == 200
    assert client.head(card)["Content-Type"] == "image/png"
    assert client.post(card).status_code == 405


def test_a_card_is_drawn_once_then_served_from_storage(client, aim_index):
    aim = AimPageFactory(parent=aim_index, title="Create wealth to improve health")
    card = path_of(meta(head(client, aim.url), property="og:image"))
    stored_name = f"share-cards/{aim.pk}-{card.rsplit('/', 1)[-1]}"
    assert not default_storage.exists(stored_name)

    first = fetch_card(client, card)
    assert default_storage.exists(stored_name)
    with default_storage.open(stored_name, "rb") as stored:
        assert stored.read() == first.content

    # What is stored is what is served: the card is not drawn again.
    marker = io.BytesIO()
    Image.new("RGB", (1200, 630), "#41b6e6").save(marker, format="PNG")
    default_storage.delete(stored_name)
    default_storage.save(stored_name, marker)
    assert fetch_card(client, card).content == marker.getvalue()
