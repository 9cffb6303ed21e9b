"""The page furniture every visitor relies on: skip link, landmarks, menu, titles, errors."""

import base64
import hashlib

import pytest
from bs4 import BeautifulSoup

from django.template.loader import render_to_string
from django.test import override_settings

from home.models import HomePage
from tests.factories import AimPageFactory, StandardPageFactory

SITE_NAME = "Leeds Academic Health Partnership"


def soup(response):
    assert response.status_code in (200, 404), response.status_code
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def pages(home_page, aim_index, programme_index):
    aim = AimPageFactory(parent=aim_index, title="Reduce health inequalities")
    hidden = StandardPageFactory(parent=home_page, title="Not in the menu", show_in_menus=False)
    about = StandardPageFactory(parent=home_page, title="About us", show_in_menus=True)
    return {
        "home": home_page,
        "aims": aim_index,
        "aim": aim,
        "programmes": programme_index,
        "about": about,
        "hidden": hidden,
    }


def test_every_page_has_one_h1_landmarks_and_a_skip_link_first(client, pages):
    for page in pages.values():
        html = soup(client.get(page.url))
        assert len(html.find_all("h1")) == 1, page.url
        first_link = html.body.find("a")
        assert first_link["href"] == "#main-content"
        assert first_link.get_text(strip=True) == "Skip to main content"
        main = html.find("main")
        assert main["id"] == "main-content"
        assert main.get("tabindex") == "-1"  # so the skip link moves focus, not just scroll
        assert html.find("header")
        assert html.find("footer")
        assert html.find("nav", attrs={"aria-label": "Main"})
        assert html.html["lang"] == "en-GB"


def test_titles_name_the_page_then_the_site(client, pages):
    titles = set()
    for page in pages.values():
        title = soup(client.get(page.url)).title.get_text()
        if page.specific_class is HomePage:
            # The home page's title is the partnership's name: its motto follows.
            assert title == f"{page.title} – {page.specific.tagline}"
        else:
            assert title == f"{page.title} – {SITE_NAME}"
        titles.add(title)
    assert len(titles) == len(pages)


def test_seo_title_replaces_the_page_title_in_the_browser_tab(client, pages):
    pages["aim"].seo_title = "Health inequalities in Leeds"
    pages["aim"].save_revision().publish()
    assert soup(client.get(pages["aim"].url)).title.get_text() == (
        f"Health inequalities in Leeds – {SITE_NAME}"
    )


def test_menu_is_built_from_pages_marked_show_in_menus(client, pages):
    nav = soup(client.get("/")).find("nav", attrs={"aria-label": "Main"})
    labels = [a.get_text(strip=True) for a in nav.find_all("a")]
    assert labels == ["Home", "Our aims", "Our programmes", "About us"]


def test_menu_marks_the_current_page_and_section(client, pages):
    nav = soup(client.get(pages["aim"].url)).find("nav", attrs={"aria-label": "Main"})
    current = {a.get_text(strip=True): a.get("aria-current") for a in nav.find_all("a")}
    assert current["Our aims"] == "true"
    assert current["Home"] is None
    nav = soup(client.get("/aims/")).find("nav", attrs={"aria-label": "Main"})
    assert nav.find("a", string="Our aims")["aria-current"] == "page"


def test_menu_button_controls_the_menu_and_starts_hidden_for_no_js(client, pages):
    html = soup(client.get("/"))
    button = html.find("button", attrs={"data-menu-button": True})
    assert button["aria-expanded"] == "false"
    assert button["aria-controls"] == "primary-nav"
    assert html.find(id="primary-nav").name == "nav"
    # Without JavaScript the menu stays open; the styles show the button only on pages
    # marked "js" (browsers test the real thing in tests/browser/test_navigation.py).
    assert not html.find(id="primary-nav").has_attr("hidden")
    assert html.find("script", attrs={"type": "module"})["src"].endswith("js/menu.js")


def test_the_one_inline_script_is_allowed_by_its_hash_and_nothing_else_is(client, pages):
    response = client.get("/")
    inline = [
        script.string
        for script in soup(response).find_all("script", src=False)
        if script.get("type") != "application/ld+json"  # data for search engines, never run
    ]
    assert len(inline) == 1
    assert 'c.add("js")' in inline[0]
    digest = base64.b64encode(hashlib.sha256(inline[0].encode()).digest()).decode()
    policy = dict(
        directive.strip().split(" ", 1)
        for directive in response["Content-Security-Policy"].split(";")
    )
    assert policy["script-src"].split() == ["'self'", f"'sha256-{digest}'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]


def test_unpublished_and_private_pages_leave_the_menu(client, pages):
    from wagtail.models import PageViewRestriction

    pages["about"].unpublish()
    PageViewRestriction.objects.create(page=pages["programmes"], restriction_type="login")
    nav = soup(client.get("/")).find("nav", attrs={"aria-label": "Main"})
    labels = [a.get_text(strip=True) for a in nav.find_all("a")]
    assert labels == ["Home", "Our aims"]


def test_breadcrumbs_lead_back_to_home(client, pages):
    crumbs = soup(client.get(pages["aim"].url)).find("nav", attrs={"aria-label": "Breadcrumb"})
    assert [(a.get_text(strip=True), a["href"]) for a in crumbs.find_all("a")] == [
        ("Home", "/"),
        ("Our aims", "/aims/"),
    ]
    assert soup(client.get("/")).find("nav", attrs={"aria-label": "Breadcrumb"}) is None


def test_unknown_address_gives_the_styled_404(client, pages):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = soup(response)
    assert html.h1.get_text(strip=True) == "Page not found"
    assert html.title.get_text() == f"Page not found – {SITE_NAME}"
    assert html.find("link", rel="stylesheet")
    assert html.find("nav", attrs={"aria-label": "Main"})  # a way on from here
    assert html.find("meta", attrs={"name": "robots"})["content"] == "noindex"


@pytest.mark.parametrize(
    "url",
    [
        "/aims/%00/",
        "/aims/../../etc/passwd",
        "/%E2%82%AC%F0%9F%98%80/",
        "/aims/" + "x" * 3000 + "/",
        "/aims/?q=%27%20OR%201%3D1--",
        "/programmes/?page=-1&page=abc",
    ],
)
def test_odd_addresses_get_a_normal_answer_not_an_error(client, pages, url):
    response = client.get(url)
    assert response.status_code in (200, 404)


def test_error_page_for_a_server_fault_needs_no_database():
    # No db fixture: any database access while rendering fails this test.
    html = BeautifulSoup(render_to_string("500.html"), "html.parser")
    assert html.h1.get_text(strip=True) == "Sorry, something went wrong"
    assert html.find("link", rel="stylesheet")


@override_settings(DEBUG=False)
def test_a_crashing_page_shows_the_styled_500(client, pages, monkeypatch):
    from home.models import HomePage

    def crash(self, request, *args, **kwargs):
        raise RuntimeError("simulated fault")

    monkeypatch.setattr(HomePage, "get_context", crash)
    client.raise_request_exception = False
    response = client.get("/")
    assert response.status_code == 500
    assert "Sorry, something went wrong" in response.content.decode()


def test_public_pages_set_no_cookies(client, pages):
    for page in pages.values():
        response = client.get(page.url)
        assert response.cookies == {}, page.url


def test_the_menu_is_worked_out_once_and_kept_until_a_page_changes(client, pages):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def menu_queries(url="/aims/"):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        # The menu's query is the one that also finds the footer's pages.
        found = [q for q in queries.captured_queries if "show_in_footer" in q["sql"]]
        return found, response

    assert len(menu_queries()[0]) == 1  # once, however many places use it
    assert menu_queries()[0] == []  # kept for the next request and visitor
    about = StandardPageFactory(parent=pages["home"], title="Join us", show_in_menus=True)
    about.save_revision().publish()
    found, response = menu_queries()
    assert len(found) == 1  # publishing retired it
    nav = soup(response).find("nav", attrs={"aria-label": "Main"})
    assert "Join us" in nav.get_text()
    about.unpublish()
    found, response = menu_queries()
    assert "Join us" not in soup(response).find("nav", attrs={"aria-label": "Main"}).get_text()
