"""A picture or film poster whose file has gone from storage never takes a page down."""

import json

import pytest
from bs4 import BeautifulSoup

from django.core.cache import cache

from wagtail.images.models import Rendition

from tests.factories import FilmFactory, ImageFactory, StandardPageFactory


def lose_files(image):
    """Remove an image's original and every size drawn of it, as a failed restore of the
    media folder would (with Wagtail's records of the sizes cleared, as on a new server)."""
    storage = image.file.storage
    for rendition in Rendition.objects.filter(image=image):
        storage.delete(rendition.file.name)
    Rendition.objects.filter(image=image).delete()
    storage.delete(image.file.name)
    # Wagtail keeps what it knows of renditions in the cache too.
    cache.clear()


def structured_data(html: BeautifulSoup) -> dict:
    data = json.loads(html.find("script", type="application/ld+json").string)
    return {item["@type"]: item for item in data["@graph"]}


@pytest.fixture
def page_with_picture(home_page):
    image = ImageFactory(width=1600, height=900)
    page = StandardPageFactory(parent=home_page, title="Our approach")
    page.body = [
        {"type": "paragraph", "value": "<p>How we work together.</p>"},
        {
            "type": "image",
            "value": {
                "image": {"image": image.pk, "alt_text": "A ward round", "decorative": False},
                "caption": "",
            },
        },
    ]
    page.save_revision().publish()
    return page, image


@pytest.mark.parametrize("seen_before", [True, False])
def test_page_whose_picture_file_is_lost_still_renders(client, page_with_picture, seen_before):
    page, image = page_with_picture
    if seen_before:
        # Its sizes were drawn (and recorded) before the files went.
        assert client.get(page.url).status_code == 200
    lose_files(image)

    response = client.get(page.url)

    assert response.status_code == 200
    html = BeautifulSoup(response.content, "html.parser")
    assert "How we work together." in html.main.get_text()
    assert html.find("img", alt="A ward round") is None


@pytest.mark.parametrize("seen_before", [True, False])
def test_film_whose_poster_file_is_lost_still_renders(client, home_page, seen_before):
    film = FilmFactory()
    home_page.body = [("film", {"introduction": "Watch our film.", "film": film})]
    home_page.save_revision().publish()
    if seen_before:
        assert client.get("/").status_code == 200
    lose_files(film.poster)

    response = client.get("/")

    assert response.status_code == 200
    html = BeautifulSoup(response.content, "html.parser")
    assert "Watch our film." in html.main.get_text()
    assert html.find(class_="film__poster") is None
    video = structured_data(html)["VideoObject"]
    assert video["thumbnailUrl"] == "http://localhost/static/images/icon-512.png"
