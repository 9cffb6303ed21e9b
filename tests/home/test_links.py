"""Links that last: renamed and moved pages redirect, short links, and section anchors."""

import pytest
from bs4 import BeautifulSoup

from django.contrib.auth import get_user_model

from tests.factories import AimPageFactory, ProgrammePageFactory, StandardPageFactory
from tests.programmes.test_editing import programme_form


@pytest.fixture
def programme(programme_index):
    page = ProgrammePageFactory(
        parent=programme_index, title="One Leeds workforce", slug="one-leeds-workforce"
    )
    page.save_revision().publish()
    return page


@pytest.fixture
def admin_client(client, db):
    client.force_login(get_user_model().objects.create_superuser("admin", "", "pw"))
    return client


def test_renaming_a_page_keeps_its_old_address_working(
    admin_client, client, programme, django_capture_on_commit_callbacks
):
    form = programme_form(programme, slug="leeds-workforce")
    form["action-publish"] = "action-publish"
    # Wagtail makes the redirect once the change is committed.
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(f"/admin/pages/{programme.pk}/edit/", form)
    assert response.status_code == 302
    client.logout()
    response = client.get("/programmes/one-leeds-workforce/")
    assert response.status_code == 301
    assert response["Location"].endswith("/programmes/leeds-workforce/")
    assert client.get("/programmes/leeds-workforce/").status_code == 200


def test_moving_a_page_keeps_its_old_address_working(
    admin_client, client, programme, home_page, django_capture_on_commit_callbacks
):
    # Programmes and aims must stay in their sections; general pages can move.
    report = StandardPageFactory(parent=home_page, title="Annual report", slug="annual-report")
    archive = StandardPageFactory(parent=home_page, title="Archive", slug="archive")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(f"/admin/pages/{report.pk}/move/{archive.pk}/confirm/")
    assert response.status_code == 302
    client.logout()
    old = client.get("/annual-report/")
    assert old.status_code == 301
    assert old["Location"].endswith("/archive/annual-report/")
    assert client.get("/archive/annual-report/").status_code == 200


def test_short_link_follows_the_page(client, programme):
    response = client.get(f"/p/{programme.pk}/")
    assert response.status_code == 301
    assert response["Location"] == "/programmes/one-leeds-workforce/"
    programme.slug = "renamed"
    programme.save_revision().publish()
    assert client.get(f"/p/{programme.pk}/")["Location"] == "/programmes/renamed/"


def test_short_links_do_not_reveal_drafts_or_private_pages(client, programme, programme_index):
    from wagtail.models import PageViewRestriction

    draft = ProgrammePageFactory(parent=programme_index)
    draft.unpublish()
    private = ProgrammePageFactory(parent=programme_index)
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    for page_id in [draft.pk, private.pk, 999999]:
        response = client.get(f"/p/{page_id}/")
        assert response.status_code == 404
        assert b"Page not found" in response.content


def test_aims_and_programmes_show_their_permanent_link(client, programme, aim_index):
    aim = AimPageFactory(parent=aim_index)
    for page in (programme, aim):
        html = BeautifulSoup(client.get(page.url).content, "html.parser")
        share = html.find(attrs={"data-share": True})
        assert share.find(id="share-link-label").get_text() == "Link to this page"
        link = share.find("a", attrs={"data-share-url": True})
        assert link["href"] == f"http://localhost/p/{page.pk}/"
        assert link.get_text() == link["href"]  # usable as plain text without JavaScript
        assert share.find("button", attrs={"data-share-copy": True}).has_attr("hidden")


def test_body_headings_get_stable_unique_anchors(client, home_page):
    page = StandardPageFactory(
        parent=home_page,
        title="About",
        body=[
            ("heading", {"text": "How we work", "level": "h2"}),
            ("heading", {"text": "Our people", "level": "h3"}),
            ("heading", {"text": "How we work", "level": "h2"}),
            ("heading", {"text": "Main content", "level": "h2"}),
            ("heading", {"text": "Related aims", "level": "h2"}),
            (
                "key_facts",
                {"heading": "In numbers", "facts": [{"figure": "3", "description": "aims"}]},
            ),
            ("heading", {"text": "¿Qué? 😀", "level": "h3"}),
        ],
    )
    html = BeautifulSoup(client.get(page.url).content, "html.parser")
    headings = html.find("main").select(".stream h2, .stream h3")
    assert [h["id"] for h in headings] == [
        "how-we-work",
        "our-people",
        "how-we-work-2",
        "main-content-2",
        "related-aims-2",
        "in-numbers",
        "que",
    ]
    ids = [tag["id"] for tag in html.find_all(id=True)]
    assert len(ids) == len(set(ids)), "every id on the page is unique"
    # The same page rendered again gives the same anchors, so links keep working.
    again = BeautifulSoup(client.get(page.url).content, "html.parser")
    assert [h["id"] for h in again.find("main").select(".stream h2, .stream h3")] == [
        h["id"] for h in headings
    ]


def seeded_pages():
    from wagtail.models import Page

    return list(Page.objects.live().filter(depth__gt=1).specific())


def test_every_heading_has_an_id_and_section_headings_link_to_themselves(db, client):
    from home.seed import load_seed_content
    from tests.conftest import empty_tree

    empty_tree()
    load_seed_content()
    for page in seeded_pages():
        html = BeautifulSoup(client.get(page.url).content, "html.parser")
        headings = html.find_all(["h1", "h2", "h3", "h4", "h5", "h6"])
        ids = [heading.get("id") for heading in headings]
        assert all(ids), f"{page.url}: a heading without an id"
        assert len(ids) == len(set(ids)), f"{page.url}: headings share an id"
        for heading in html.find("main").find_all("h2"):
            if "visually-hidden" in heading.get("class", []) or heading.find_parent("li"):
                continue  # nobody sees it, or it names an item in a list (a card, a partner)
            link = heading.find_parent(class_="section-heading").find("a", class_="section-link")
            assert link["href"] == f"#{heading['id']}", page.url
            label = link.find(class_="visually-hidden").get_text()
            assert label == f"Link to the section “{heading.get_text(' ', strip=True)}”"


def test_a_film_in_a_page_body_has_one_link_to_its_section(client, home_page):
    from tests.factories import FilmFactory

    film = FilmFactory()
    page = StandardPageFactory(
        parent=home_page, body=[("film", {"introduction": "Watch it.", "film": film})]
    )
    html = BeautifulSoup(client.get(page.url).content, "html.parser")
    assert len(html.select(f'a[href="#{film.title_id}"]')) == 1
    assert len(html.select(".section-heading .section-heading")) == 0
