"""The 404 page: a visitor following an old or broken link is offered the pages it meant."""

import itertools

import pytest
from bs4 import BeautifulSoup

from wagtail.contrib.redirects.models import Redirect

from home.seed import FilmSettings, load_seed_content
from search.query import MAX_PATH_WORDS, words_from_path
from tests.conftest import empty_tree

HOSTILE_PATHS = [
    "/lahp-blog/%00/",
    "/projects/bad%00name/",
    "/%00",
    "/news-and-events/%E2%82%/",  # a broken %-escape
    "/news-and-events/%FF%FE/",  # bytes that are not UTF-8
    "/about-us/../../etc/passwd",
    "/about-us/..%2F..%2Fetc%2Fpasswd/",
    "/projects/" + "personalised-" * 160 + "/",  # over 2,000 characters
    "/" + "a" * 2000 + "/",
    "/projects/médecine-personnalisée/",
    "/لندن/健康/😀/",
    '/lahp-blog/"or"1"="1/',
    "/lahp-blog/near-and-or-not/",
    "/index.php?p=123&q=%27%20OR%201%3D1--",
    "/wp-login.php",
    "/lahp-blog/*/",
]


@pytest.fixture
def seeded(db):
    empty_tree()
    load_seed_content(FilmSettings())


def not_found(client, path):
    response = client.get(path)
    assert response.status_code == 404, path
    return BeautifulSoup(response.content, "html.parser")


def suggestions(html):
    return [(a.get_text(strip=True), a["href"]) for a in html.select(".search-result__title a")]


# --- The words of an address ----------------------------------------------------------


def test_words_come_from_the_slug_not_the_old_sites_sections():
    assert words_from_path("/lahp-blog/personalised-medicine-update/") == [
        "personalised",
        "medicine",
        "update",
    ]
    assert words_from_path("/news-and-events/2019/05/an-event-at-the-academy.html") == [
        "event",
        "academy",
    ]
    assert words_from_path("/about-us/index.php") == []


def test_old_projects_are_searched_for_as_programmes():
    assert words_from_path("/projects/one-leeds-workforce-academy/") == [
        "programmes",
        "one",
        "leeds",
        "workforce",
        "academy",
    ]
    assert words_from_path("/project/projects/") == ["programmes"]


def test_address_words_are_decoded_lower_cased_and_kept_short():
    assert words_from_path("/News%20And%20Events/Health%2DInequalities/") == [
        "health",
        "inequalities",
    ]
    assert words_from_path("/Médecine_Personnalisée/") == ["médecine", "personnalisée"]
    assert words_from_path("/" + "x" * 31 + "/health/") == ["health"]
    many = "/" + "-".join(f"word{letter}" for letter in "abcdefghijkl") + "/"
    assert len(words_from_path(many)) == MAX_PATH_WORDS
    assert words_from_path("/health/health/HEALTH/") == ["health"]


@pytest.mark.parametrize("path", HOSTILE_PATHS)
def test_any_address_gives_only_plain_words(path):
    words = words_from_path(path)
    assert len(words) <= MAX_PATH_WORDS
    assert all(word.isalnum() and word == word.lower() for word in words)


# --- The page -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "programme"),
    [
        (
            "/lahp-blog/personalised-medicine-update/",
            "/programmes/personalised-medicine-and-health/",
        ),
        ("/projects/one-leeds-workforce-academy/", "/programmes/one-leeds-workforce/"),
        ("/news-and-events/workforce.html", "/programmes/one-leeds-workforce/"),
    ],
)
def test_an_unknown_old_address_suggests_the_matching_programme_first(
    seeded, client, path, programme
):
    html = not_found(client, path)
    found = suggestions(html)
    assert 1 <= len(found) <= 5
    assert found[0][1] == programme
    first = html.select_one(".search-result")
    assert first.select_one(".search-result__section").get_text() == "Programme"
    assert first.select_one(".search-result__summary").get_text(strip=True)


def test_suggestions_are_found_by_any_of_the_words(seeded, client):
    # "update" is on no page, so a search needing every word would find nothing.
    html = not_found(client, "/lahp-blog/personalised-medicine-update/")
    assert "Personalised medicine and health" in dict(suggestions(html))


def test_404_page_offers_home_and_a_search_prefilled_with_the_words(seeded, client):
    html = not_found(client, "/lahp-blog/personalised-medicine-update/")
    main = html.find("main")
    assert main.find("a", string="Go to the home page")["href"] == "/"
    form = main.find("form", attrs={"role": "search"})
    assert form["action"] == "/search/"
    assert form["method"] == "get"
    assert form["aria-label"] != "Site search"  # the header's search is another landmark
    field = form.find("input", attrs={"name": "q"})
    assert field["value"] == "personalised medicine update"
    assert form.find("label", attrs={"for": field["id"]}).get_text(strip=True)


def test_404_page_is_not_indexed_and_sets_no_cookie(seeded, client):
    response = client.get("/projects/one-leeds-workforce-academy/")
    assert response.status_code == 404
    html = BeautifulSoup(response.content, "html.parser")
    assert html.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert not response.cookies
    assert "Set-Cookie" not in response.headers


def test_404_page_headings_do_not_skip_levels(seeded, client):
    html = not_found(client, "/projects/one-leeds-workforce-academy/")
    levels = [int(h.name[1]) for h in html.find("main").find_all(["h1", "h2", "h3", "h4"])]
    assert levels.count(1) == 1
    assert levels[0] == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels))


def test_address_without_useful_words_gets_the_main_sections_home_and_search(seeded, client):
    for path in ["/news-and-events/2019/05/", "/about-us/", "/index.php", "/lahp-blog/the-and/"]:
        html = not_found(client, path)
        # Always somewhere to go: the sections in the main menu.
        assert suggestions(html) == [
            ("Our aims", "/aims/"),
            ("Our programmes", "/programmes/"),
            ("Our members", "/members/"),
        ]
        assert html.find(id="suggestions").get_text() == "The main parts of this website"
        assert html.find("a", string="Go to the home page")
        assert html.find(id="not-found-query")["value"] == ""


def test_the_old_sites_sections_lead_somewhere(seeded, client):
    # /projects/ held what are now the programmes.
    html = not_found(client, "/projects/")
    assert ("Our programmes", "/programmes/") in suggestions(html)
    assert html.find(id="suggestions").get_text() == "Pages that may have what you were looking for"


def test_suggestions_leave_out_drafts_and_private_pages(seeded, client):
    from wagtail.models import PageViewRestriction

    from programmes.models import ProgrammePage

    ProgrammePage.objects.get(slug="one-leeds-workforce").unpublish()
    medicine = ProgrammePage.objects.get(slug="personalised-medicine-and-health")
    PageViewRestriction.objects.create(page=medicine, restriction_type="login")
    html = not_found(client, "/projects/personalised-medicine-workforce/")
    hrefs = [href for _, href in suggestions(html)]
    assert "/programmes/one-leeds-workforce/" not in hrefs
    assert "/programmes/personalised-medicine-and-health/" not in hrefs


def test_404_page_costs_a_handful_of_queries(seeded, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from wagtail.models import Page, Site

    client.get("/")  # the site's root paths are cached after the first request
    with CaptureQueriesContext(connection) as plain:
        not_found(client, "/zzzz/")  # no words to search for
    with CaptureQueriesContext(connection) as searched:
        html = not_found(client, "/projects/one-leeds-workforce-academy/")
    assert len(suggestions(html)) == 5
    # Beyond a plain 404 page: the search, its view restrictions, and the suggested
    # pages' own fields, one query per type of page among them (which types the
    # search engine ranks highest differs between databases).
    root = Site.objects.get().root_page.url_path
    paths = [root + href.lstrip("/") for _, href in suggestions(html)]
    types = Page.objects.filter(url_path__in=paths).values("content_type").distinct().count()
    assert len(searched) <= len(plain) + 2 + types


@pytest.mark.parametrize("path", HOSTILE_PATHS)
def test_odd_addresses_get_the_404_page_never_an_error(seeded, client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert b"Page not found" in response.content


@pytest.mark.parametrize("path", HOSTILE_PATHS)
def test_odd_addresses_never_give_an_error_with_debug_on(seeded, client, settings, path):
    settings.DEBUG = True
    assert client.get(path).status_code == 404


def test_missing_pages_get_the_helpful_404_with_debug_on(seeded, client, settings):
    # `make run` uses DEBUG; Django's technical 404 would hide this page there.
    settings.DEBUG = True
    html = not_found(client, "/projects/one-leeds-workforce-academy/")
    assert html.h1.get_text(strip=True) == "Page not found"
    assert suggestions(html)[0][1] == "/programmes/one-leeds-workforce/"


def test_a_missing_page_below_a_real_one_gets_the_helpful_404(seeded, client):
    html = not_found(client, "/programmes/workforce/")
    assert "/programmes/one-leeds-workforce/" in [href for _, href in suggestions(html)]


def test_redirects_still_answer_through_the_404_page(seeded, client, settings):
    Redirect.add_redirect("/programmes/workforce/", "/programmes/one-leeds-workforce/")
    for debug in (False, True):
        settings.DEBUG = debug
        response = client.get("/programmes/workforce/")
        assert response.status_code == 301
        assert response["Location"] == "/programmes/one-leeds-workforce/"
        response = client.get("/about-us/vision-and-purpose/")
        assert response.status_code == 301
        assert response["Location"] == "/"


def test_the_site_itself_still_serves_its_pages(seeded, client):
    assert client.get("/").status_code == 200
    assert client.get("/programmes/one-leeds-workforce/").status_code == 200
    # An address missing its final slash is sent to the one with it.
    response = client.get("/programmes")
    assert response.status_code == 301
    assert response["Location"] == "/programmes/"
