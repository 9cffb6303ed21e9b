"""Each listing page costs a fixed number of SQL queries, however many pages it lists.

Budgets are for the steady state, what nearly every visitor gets when the page
is not already kept whole (home/cache.py): the site, its settings and menu
structure, and Wagtail's sites' root paths come from Django's cache, so the
first request after the cache is emptied (a deploy, a restart) makes a few
queries more; that case has its own test.
"""

import pytest

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from programmes.models import ProgrammePage
from tests.factories import AimPageFactory, FilmFactory, PartnerFactory, ProgrammePageFactory

BUDGET = 8
LISTING_PAGES = ["/", "/aims/", "/programmes/"]


@pytest.fixture
def site_with(aim_index, programme_index):
    def build(count, start=0):
        for n in range(start, start + count):
            AimPageFactory(parent=aim_index, title=f"Aim {n}")
            ProgrammePageFactory(parent=programme_index, title=f"Programme {n}")

    return build


def teasers_on(response, url, children):
    # The budget holds because every child is on the page, not because some were skipped.
    return response.content.decode().count('class="teaser"') == children * (2 if url == "/" else 1)


@pytest.mark.parametrize("children", [4, 100])
@pytest.mark.parametrize("url", LISTING_PAGES)
def test_listing_pages_stay_within_the_query_budget(
    client, site_with, django_assert_max_num_queries, url, children
):
    site_with(children)
    client.get(url)
    with django_assert_max_num_queries(BUDGET):
        response = client.get(url)
    assert response.status_code == 200
    assert teasers_on(response, url, children)


@pytest.mark.parametrize("url", LISTING_PAGES)
def test_an_empty_cache_costs_a_few_queries_more_at_most(
    client, site_with, django_assert_max_num_queries, url
):
    site_with(4)
    client.get(url)
    cache.clear()
    # The site, its settings, its menu structure and Wagtail's root paths, once.
    with django_assert_max_num_queries(BUDGET + 4):
        response = client.get(url)
    assert teasers_on(response, url, 4)


@pytest.mark.parametrize("url", LISTING_PAGES)
def test_query_count_does_not_grow_with_children(client, site_with, url):
    site_with(4)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    site_with(96, start=4)
    client.get(url)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_home_page_with_film_and_twenty_partners_stays_within_the_budget(
    client, home_page, site_with, django_assert_max_num_queries
):
    site_with(4)
    home_page.film = FilmFactory()  # the film at the top of the home page
    home_page.save_revision().publish()
    PartnerFactory.create_batch(20)
    client.get("/")  # the poster's renditions are made on the first view
    with django_assert_max_num_queries(BUDGET):
        response = client.get("/")
    assert b"data-film" in response.content
    assert response.content.decode().count('class="partner-names__item"') == 20


def test_programme_page_cost_does_not_grow_with_its_partners(client, programme_index):
    few = ProgrammePageFactory(parent=programme_index, partners=PartnerFactory.create_batch(2))
    many = ProgrammePageFactory(parent=programme_index, partners=PartnerFactory.create_batch(20))
    counts = []
    for page in (few, many):
        client.get(page.url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(page.url)
        counts.append(len(queries))
        assert response.content.decode().count('class="partner"') == page.partners.count()
    assert counts[0] == counts[1]


def test_aim_page_cost_does_not_grow_with_the_programmes_it_ends_with(
    client, aim_index, programme_index
):
    aim = AimPageFactory(parent=aim_index)
    counts = []
    for total in (4, 100):
        for n in range(total - ProgrammePage.objects.count()):
            programme = ProgrammePageFactory(parent=programme_index, aims=[aim] if n % 2 else [])
        programme.save_revision().publish()  # as editors add pages: what is kept is renewed
        client.get(aim.url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(aim.url)
        assert response.content.decode().count('class="teaser"') == total
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_every_page_type_stays_within_the_budget(
    client, home_page, aim_index, programme_index, django_assert_max_num_queries
):
    from tests.factories import StandardPageFactory

    partners = PartnerFactory.create_batch(5)
    aims = [AimPageFactory(parent=aim_index) for _ in range(3)]
    programmes = [
        ProgrammePageFactory(parent=programme_index, aims=aims[:2], partners=partners)
        for _ in range(4)
    ]
    members = StandardPageFactory(parent=home_page, body=[("partner_list", None)])
    pages = [home_page, aim_index, aims[0], programme_index, programmes[0], members]
    for page in pages:
        client.get(page.url)
        with django_assert_max_num_queries(BUDGET):
            response = client.get(page.url)
        assert response.status_code == 200, page.url
