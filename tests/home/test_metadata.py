"""What search engines and social media see: meta tags and schema.org structured data."""

import json

import pytest
from bs4 import BeautifulSoup

from wagtail.models import Site

from home.models import SiteSettings
from tests.factories import (
    AimPageFactory,
    FilmFactory,
    ImageFactory,
    PartnerFactory,
    ProgrammePageFactory,
    StandardPageFactory,
)

# The properties this site uses, per schema.org type, as schema.org defines them
# (https://schema.org/<Type>); a property outside these is a mistake.
SCHEMA = {
    "Organization": {"@id", "name", "url", "logo", "email", "member", "sameAs"},
    "WebSite": {"@id", "url", "name", "inLanguage", "publisher"},
    "WebPage": {
        "@id", "url", "name", "inLanguage", "isPartOf", "publisher", "breadcrumb",
        "description", "dateModified", "primaryImageOfPage",
    },
    "BreadcrumbList": {"itemListElement"},
    "ListItem": {"position", "name", "item"},
    "ImageObject": {"url"},
    "VideoObject": {
        "name", "description", "thumbnailUrl", "uploadDate", "duration", "embedUrl",
        "contentUrl", "url", "transcript", "inLanguage",
    },
}  # fmt: skip
REQUIRED = {
    "Organization": {"name", "url"},
    "WebPage": {"url", "name", "breadcrumb"},
    "VideoObject": {"name", "description", "thumbnailUrl"},
    "ListItem": {"position", "name", "item"},
}


def check_node(node):
    kind = node["@type"]
    assert kind in SCHEMA, kind
    extra = set(node) - SCHEMA[kind] - {"@type"}
    assert not extra, f"{kind} has properties schema.org does not define here: {extra}"
    assert REQUIRED.get(kind, set()) <= set(node), f"{kind} lacks {REQUIRED[kind] - set(node)}"
    for value in node.values():
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, dict) and "@type" in item:
                check_node(item)
            if isinstance(item, str) and item.startswith("/"):
                pytest.fail(f"relative URL in structured data: {item}")


def graph(html):
    [script] = html.find_all("script", type="application/ld+json")
    data = json.loads(script.string)
    assert data["@context"] == "https://schema.org"
    for node in data["@graph"]:
        check_node(node)
    return {node["@type"]: node for node in data["@graph"]}


@pytest.fixture
def every_page_type(home_page, aim_index, programme_index):
    aim = AimPageFactory(parent=aim_index, title="Reduce health inequalities")
    programme = ProgrammePageFactory(parent=programme_index, title="One Leeds workforce")
    standard = StandardPageFactory(parent=home_page, title="About us")
    return [home_page, aim_index, aim, programme_index, programme, standard]


def head(client, page):
    response = client.get(page.url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def meta(html, **attrs):
    tag = html.find("meta", attrs=attrs)
    return tag["content"] if tag else None


def test_every_page_type_has_description_canonical_and_open_graph(client, every_page_type):
    for page in every_page_type:
        html = head(client, page)
        canonical = html.find("link", rel="canonical")["href"]
        assert canonical == f"http://localhost{page.url}"
        assert meta(html, property="og:url") == canonical
        assert meta(html, property="og:title") == page.title
        assert meta(html, property="og:type") == "website"
        assert meta(html, property="og:site_name") == "Leeds Academic Health Partnership"
        assert meta(html, name="description")
        assert meta(html, property="og:description") == meta(html, name="description")
        # Every page has a picture for sharing: its share card, drawn from its title.
        assert meta(html, property="og:image").startswith("http://localhost/share-cards/")
        assert meta(html, name="twitter:card") == "summary_large_image"


def test_description_prefers_the_search_description_then_the_summary(client, aim_index):
    aim = AimPageFactory(parent=aim_index, summary="The summary.")
    assert meta(head(client, aim), name="description") == "The summary."
    aim.search_description = "Written for search engines."
    aim.save_revision().publish()
    assert meta(head(client, aim), name="description") == "Written for search engines."


def test_share_image_is_an_absolute_1200_by_630_rendition(client, aim_index, home_page):
    aim = AimPageFactory(
        parent=aim_index, share_image=ImageFactory(file__width=2400, file__height=1600)
    )
    html = head(client, aim)
    image = meta(html, property="og:image")
    assert image.startswith("http://localhost/media/images/")
    assert (meta(html, property="og:image:width"), meta(html, property="og:image:height")) == (
        "1200",
        "630",
    )
    assert meta(html, name="twitter:card") == "summary_large_image"


def test_site_default_share_image_is_for_screens_that_are_not_pages(client, home_page, aim_index):
    settings = SiteSettings.for_site(Site.objects.get())
    settings.default_share_image = ImageFactory(file__width=1600, file__height=900)
    settings.save()
    # A page shows its own card rather than the default,
    page_image = meta(head(client, AimPageFactory(parent=aim_index)), property="og:image")
    assert page_image.startswith("http://localhost/share-cards/")
    # while search results, which are not a page, show the default.
    response = client.get("/search/?q=health")
    html = BeautifulSoup(response.content, "html.parser")
    assert meta(html, property="og:image").startswith("http://localhost/media/images/")
    assert meta(html, name="twitter:card") == "summary_large_image"


def test_json_ld_describes_organisation_site_page_and_breadcrumbs(client, every_page_type):
    aim = every_page_type[2]
    nodes = graph(head(client, aim))
    assert nodes["Organization"]["name"] == "Leeds Academic Health Partnership"
    assert nodes["WebPage"]["url"] == f"http://localhost{aim.url}"
    crumbs = nodes["WebPage"]["breadcrumb"]["itemListElement"]
    assert [(c["position"], c["name"], c["item"]) for c in crumbs] == [
        (1, "Home", "http://localhost/"),
        (2, "Our aims", "http://localhost/aims/"),
        (3, "Reduce health inequalities", f"http://localhost{aim.url}"),
    ]
    for page in every_page_type:
        graph(head(client, page))  # parses and validates on every page type


def test_home_page_json_ld_lists_live_partners_as_members(client, home_page):
    PartnerFactory(name="A trust", website="https://trust.example.org/")
    PartnerFactory(name="A draft partner", live=False)
    nodes = graph(head(client, home_page))
    assert nodes["Organization"]["member"] == [
        {"@type": "Organization", "name": "A trust", "url": "https://trust.example.org/"}
    ]


def test_film_is_described_as_a_video_object(client, home_page):
    from datetime import timedelta

    film = FilmFactory(duration=timedelta(minutes=2, seconds=30))
    film.save_revision().publish()
    home_page.body = [("film", {"introduction": "Watch it.", "film": film})]
    home_page.save_revision().publish()
    video = graph(head(client, home_page))["VideoObject"]
    assert video["name"] == "Our strategy"
    assert video["embedUrl"] == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"
    assert video["duration"] == "PT2M30S"
    assert video["thumbnailUrl"].startswith("http://localhost/media/images/")
    assert "Narrator" in video["transcript"]
    assert video["uploadDate"]


def test_json_ld_cannot_break_out_of_its_script(client, aim_index):
    aim = AimPageFactory(parent=aim_index, title="</script><script>alert(1)</script>")
    html = client.get(aim.url).content.decode()
    assert "</script><script>alert(1)" not in html
    graph(BeautifulSoup(html, "html.parser"))


def test_organisation_logo_and_accounts_come_from_site_settings(client, home_page):
    settings = SiteSettings.for_site(Site.objects.get())
    settings.logo = ImageFactory(file__width=800, file__height=300)
    settings.social_links = [
        ("link", {"service": "linkedin", "url": "https://www.linkedin.com/company/x", "name": ""}),
        ("link", {"service": "bluesky", "url": "https://bsky.app/profile/x", "name": ""}),
    ]
    settings.save()
    organisation = graph(head(client, home_page))["Organization"]
    assert organisation["url"] == "http://localhost/"
    assert organisation["logo"].startswith("http://localhost/media/images/")
    assert organisation["sameAs"] == [
        "https://www.linkedin.com/company/x",
        "https://bsky.app/profile/x",
    ]


def test_the_sites_own_film_is_described_with_its_date_length_file_and_paragraphs(
    client, home_page
):
    from datetime import date, timedelta

    from django.core.files.uploadedfile import SimpleUploadedFile

    film = FilmFactory(
        video_url="",
        has_sound=False,
        video_file=SimpleUploadedFile("film.mp4", b"\x00\x00\x00\x18ftypmp42" + b"\0" * 32),
        duration=timedelta(minutes=1, seconds=50),
        release_date=date(2026, 11, 30),
        transcript="<p>This film has no sound.</p><p>Our vision is that the people of Leeds "
        "live healthier lives for longer.</p>",
    )
    home_page.film = film
    home_page.save_revision().publish()
    video = graph(head(client, home_page))["VideoObject"]
    assert video["uploadDate"] == "2026-11-30"  # the film's own date, not the day it was loaded
    assert video["duration"] == "PT1M50S"
    assert video["contentUrl"] == f"http://localhost/{film.video_file.name}"
    assert video["transcript"] == (
        "This film has no sound.\n\nOur vision is that the people of Leeds live healthier "
        "lives for longer."
    )


def test_a_poster_whose_file_is_lost_does_not_break_the_page(client, home_page):
    film = FilmFactory()
    film.poster.file.storage.delete(film.poster.file.name)
    home_page.film = film
    home_page.save_revision().publish()
    response = client.get("/")
    assert response.status_code == 200
    video = graph(BeautifulSoup(response.content, "html.parser"))["VideoObject"]
    assert video["thumbnailUrl"] == "http://localhost/static/images/icon-512.png"


def test_without_a_logo_in_settings_the_organisation_uses_the_wordmark(client, home_page):
    organisation = graph(head(client, home_page))["Organization"]
    assert organisation["logo"] == "http://localhost/static/images/logo.png"
    assert client.get("/static/images/logo.png").status_code == 200
