"""Site search: visitors find pages, whatever they type, and never see an error."""

import pytest
from bs4 import BeautifulSoup

from django.db import connection

from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import PageViewRestriction

from tests.factories import AimPageFactory, ProgrammePageFactory, StandardPageFactory


@pytest.fixture
def pages(aim_index, programme_index, home_page):
    return {
        "workforce": ProgrammePageFactory(
            parent=programme_index,
            title="One Leeds workforce",
            summary="We’re developing ‘one Leeds workforce’ across the health and care sector.",
        ),
        "inequalities": AimPageFactory(
            parent=aim_index,
            title="Reduce health inequalities",
            summary="Everyone should have the same chance to lead a healthy life.",
        ),
        "about": StandardPageFactory(
            parent=home_page,
            title="About the academy",
            summary="Developing the skills of staff across the city.",
        ),
    }


def search(client, query, **params):
    response = client.get("/search/", {"q": query, **params})
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def result_titles(html):
    return [
        h.get_text(strip=True)
        for h in html.select(".search-results:not(.search-results--promoted) .search-result__title")
    ]


def test_search_finds_the_workforce_programme(client, pages):
    html = search(client, "workforce")
    assert result_titles(html) == ["One Leeds workforce"]
    result = html.select_one(".search-result")
    assert result.select_one(".search-result__section").get_text() == "Programme"
    assert "across the health and care sector" in result.get_text()
    assert result.find("a")["href"] == "/programmes/one-leeds-workforce/"


def test_results_say_which_section_each_page_is_in(client, pages):
    html = search(client, "health")
    sections = {
        r.select_one(".search-result__title").get_text(strip=True): r.select_one(
            ".search-result__section"
        ).get_text()
        for r in html.select(".search-result")
    }
    assert sections["Reduce health inequalities"] == "Aim"
    assert sections["One Leeds workforce"] == "Programme"


def test_drafts_and_private_pages_are_never_found(client, pages, programme_index):
    draft = ProgrammePageFactory(parent=programme_index, title="Workforce draft plans")
    draft.unpublish()
    private = ProgrammePageFactory(parent=programme_index, title="Workforce board papers")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    assert result_titles(search(client, "workforce")) == ["One Leeds workforce"]


def test_no_results_explains_and_suggests_where_to_go(client, pages):
    html = search(client, "zebra crossing")
    assert "No results for “zebra crossing”." in html.get_text()
    assert "checking the spelling" in html.get_text()
    suggestions = [a.get_text() for a in html.select(".search-help a")]
    assert "Our aims" in suggestions
    assert "Our programmes" in suggestions


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        '"',
        '"unbalanced quote',
        "'",
        "AND",
        "OR NOT NEAR(",
        "health AND NOT care",
        "workforce*",
        "' OR 1=1; DROP TABLE wagtailcore_page; --",
        "\\x00\\x1f<>&%",
        "😀🏥",
        "الصحة في ليدز",
        "בריאות",
        "x" * 5000,
        "health " * 300,
    ],
)
def test_odd_queries_give_a_normal_page(client, pages, query):
    html = search(client, query)
    assert html.find("h1").get_text() == "Search"
    field = html.find("input", attrs={"name": "q", "id": "search-page-query"})
    assert len(field.get("value", "")) <= 200  # very long queries are cut short


def test_nul_bytes_and_bad_page_numbers_are_harmless(client, pages):
    assert client.get("/search/?q=health%00care").status_code == 200
    for page in ["0", "-1", "999", "abc", "1.5"]:
        assert client.get("/search/", {"q": "health", "page": page}).status_code == 200


def test_results_are_paginated(client, programme_index):
    for n in range(23):
        ProgrammePageFactory(parent=programme_index, title=f"Research programme {n}")
    first = search(client, "research")
    assert len(result_titles(first)) == 10
    assert "23 results" in first.get_text()
    third = search(client, "research", page=3)
    assert len(result_titles(third)) == 3
    assert third.select_one('.pagination a[aria-current="page"]').get_text() == "3"


def test_editors_can_promote_a_page_for_a_search(client, pages):
    query = Query.objects.create(query_string="jobs")
    SearchPromotion.objects.create(query=query, page=pages["workforce"], description="Careers")
    html = search(client, "Jobs")
    promoted = html.select(".search-results--promoted .search-result__title")
    assert [p.get_text(strip=True) for p in promoted] == ["One Leeds workforce"]


def test_searching_stores_nothing_about_the_visitor(client, pages):
    search(client, "a private worry")
    assert not Query.objects.filter(query_string__icontains="worry").exists()
    assert client.cookies == {} or not client.cookies.get("sessionid")


def test_the_search_form_is_in_every_header(client, pages):
    html = BeautifulSoup(client.get("/aims/").content, "html.parser")
    form = html.find("header").find("form", attrs={"role": "search"})
    assert form["action"] == "/search/"
    assert form["method"] == "get"
    assert form.find("label", attrs={"for": "header-search"})


@pytest.mark.skipif(connection.vendor != "postgresql", reason="stemming needs PostgreSQL")
def test_postgresql_search_understands_word_forms(client, pages):
    # "developing" (in the workforce and academy pages) is found by "develop" and "developed".
    for query in ["develop", "developed", "workforces"]:
        titles = result_titles(search(client, query))
        assert titles, query
    assert "One Leeds workforce" in result_titles(search(client, "workforces"))
