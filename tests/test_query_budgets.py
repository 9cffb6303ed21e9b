"""Each listing page costs a fixed number of SQL queries, however many pages it lists."""

import pytest

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import AimPageFactory, ProgrammePageFactory

BUDGET = 8


@pytest.fixture
def site_with(aim_index, programme_index):
    def build(count, start=0):
        for n in range(start, start + count):
            AimPageFactory(parent=aim_index, title=f"Aim {n}")
            ProgrammePageFactory(parent=programme_index, title=f"Programme {n}")

    return build


@pytest.mark.parametrize("children", [4, 40])
@pytest.mark.parametrize("url", ["/", "/aims/", "/programmes/"])
def test_listing_pages_stay_within_the_query_budget(
    client, site_with, django_assert_max_num_queries, url, children
):
    site_with(children)
    cache.clear()  # the first visitor after a deploy pays for the cold cache
    with django_assert_max_num_queries(BUDGET):
        response = client.get(url)
    assert response.status_code == 200
    # The budget holds because every child is on the page, not because some were skipped.
    assert response.content.decode().count('class="teaser"') == children * (2 if url == "/" else 1)


@pytest.mark.parametrize("url", ["/", "/aims/", "/programmes/"])
def test_query_count_does_not_grow_with_children(client, site_with, url):
    site_with(4)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    site_with(36, start=4)
    client.get(url)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_home_page_with_the_film_stays_within_the_budget(
    client, home_page, site_with, django_assert_max_num_queries
):
    from tests.factories import FilmFactory

    site_with(4)
    home_page.body = [("film", {"introduction": "Watch our film.", "film": FilmFactory()})]
    home_page.save_revision().publish()
    client.get("/")  # renditions of the poster are made on the first view
    with django_assert_max_num_queries(BUDGET):
        response = client.get("/")
    assert b"data-film" in response.content
