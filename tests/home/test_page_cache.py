"""Whole pages kept for anonymous visitors, thrown away exactly when visitors could see a change.

See home/cache.py and home/middleware.py. The rest of the suite runs with the
page cache off (most tests build pages directly, as no editor would); these
tests turn it on.
"""

import gzip

import pytest

from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wagtail.models import PageViewRestriction, Site

from home.models import Partner, SiteSettings
from tests.factories import (
    AimPageFactory,
    FilmFactory,
    PartnerFactory,
    ProgrammePageFactory,
    StandardPageFactory,
)

CACHE_SECONDS = 600


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.LAHP_PAGE_CACHE_SECONDS = CACHE_SECONDS


@pytest.fixture
def programme(programme_index):
    page = ProgrammePageFactory(parent=programme_index, title="One Leeds workforce")
    page.save_revision().publish()
    return page


def fetch(client, url, **headers):
    response = client.get(url, headers=headers)
    assert response.status_code == 200, url
    return response


def kept(client, url, **headers) -> bool:
    """Whether the page came from the page cache."""
    return fetch(client, url, **headers)["X-Page-Cache"] == "hit"


# --- Kept, and cheap -------------------------------------------------------------------


def test_the_second_anonymous_visitor_gets_the_kept_page_without_rendering_it(client, programme):
    first = fetch(client, programme.url)
    assert first["X-Page-Cache"] == "miss"
    with CaptureQueriesContext(connection) as queries:
        second = fetch(client, programme.url)
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    # At most the content version, read from the database when the cache is not
    # shared between workers (with Redis, none).
    assert len(queries) <= 1


def test_one_copy_serves_everyone_whatever_cookies_they_have(client, programme):
    fetch(client, programme.url)
    client.cookies["lahp_video_consent"] = "yes"
    client.cookies["someone_elses_cookie"] = "x"
    response = fetch(client, programme.url)
    assert response["X-Page-Cache"] == "hit"
    assert "Cookie" not in response.get("Vary", "")


def test_shared_caches_may_keep_it_and_browsers_revalidate_with_a_304(client, programme):
    response = fetch(client, programme.url)
    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    assert {"public", "max-age=60", "s-maxage=300"} <= directives
    assert response.has_header("Last-Modified")
    assert response.has_header("ETag")
    again = client.get(programme.url, headers={"If-None-Match": response["ETag"]})
    assert again.status_code == 304
    since = client.get(programme.url, headers={"If-Modified-Since": response["Last-Modified"]})
    assert since.status_code == 304


def test_pages_are_compressed_for_anonymous_visitors(client, programme):
    response = fetch(client, programme.url, **{"Accept-Encoding": "gzip, br"})
    assert response["Content-Encoding"] == "gzip"
    assert b"One Leeds workforce" in gzip.decompress(response.content)
    # Kept compressed too, and the plain copy kept apart for those who ask for it.
    assert kept(client, programme.url, **{"Accept-Encoding": "gzip"})
    plain = fetch(client, programme.url)
    assert "Content-Encoding" not in plain
    assert b"One Leeds workforce" in plain.content


def test_tracking_parameters_share_the_page_and_unknown_ones_are_not_kept(client, programme):
    fetch(client, programme.url)
    assert kept(client, programme.url + "?utm_source=newsletter&fbclid=abc")
    assert "X-Page-Cache" not in fetch(client, programme.url + "?random=1")


# --- Thrown away exactly when visitors could see a change ---------------------------


def test_publishing_a_change_is_seen_at_once_on_every_page_that_shows_it(
    client, programme, aim_index
):
    pages = [programme.url, "/programmes/", "/"]
    for url in pages:
        fetch(client, url)
    programme.title = "One Leeds health and care workforce"
    programme.save_revision().publish()
    for url in pages:
        response = fetch(client, url)
        assert response["X-Page-Cache"] == "miss", url
        assert "One Leeds health and care workforce" in response.content.decode(), url


def test_saving_a_draft_changes_nothing_visitors_see_and_keeps_the_pages(client, programme):
    fetch(client, programme.url)
    programme.title = "A draft title"
    programme.save_revision()
    response = fetch(client, programme.url)
    assert response["X-Page-Cache"] == "hit"
    assert "A draft title" not in response.content.decode()


def test_unpublishing_moving_and_deleting_are_seen_at_once(client, programme):
    def listed():
        html = fetch(client, "/programmes/").content.decode()
        return [title for title in ("One Leeds workforce", "Another programme") if title in html]

    other = ProgrammePageFactory(parent=programme.get_parent(), title="Another programme")
    other.save_revision().publish()
    fetch(client, "/programmes/")
    other.unpublish()
    assert listed() == ["One Leeds workforce"]

    other.save_revision().publish()
    html = fetch(client, "/programmes/").content.decode()
    assert html.index("One Leeds workforce") < html.index("Another programme")
    other.move(programme, pos="left")  # put first in the section's order
    html = fetch(client, "/programmes/").content.decode()
    assert html.index("Another programme") < html.index("One Leeds workforce")

    other.delete()
    assert listed() == ["One Leeds workforce"]


def test_films_partners_and_settings_changes_are_seen_at_once(client, home_page):
    film = FilmFactory(title="Our strategy")
    home_page.film = film
    home_page.save_revision().publish()
    fetch(client, "/")
    film.title = "Our strategy, explained"
    film.save_revision().publish()
    assert "Our strategy, explained" in fetch(client, "/").content.decode()

    partner = PartnerFactory(name="A trust")
    fetch(client, "/")
    revision = Partner.objects.get(pk=partner.pk)
    revision.name = "A renamed trust"
    revision.save_revision().publish()
    assert "A renamed trust" in fetch(client, "/").content.decode()

    fetch(client, "/")
    settings = SiteSettings.for_site(Site.objects.get())
    settings.footer_text = "A new note at the foot of every page."
    settings.save()
    assert "A new note at the foot of every page." in fetch(client, "/").content.decode()


def test_a_page_made_private_is_never_served_from_the_cache(client, programme):
    fetch(client, programme.url)
    PageViewRestriction.objects.create(page=programme, restriction_type="password", password="x")
    response = client.get(programme.url)
    assert "One Leeds workforce" not in response.content.decode() or (
        b'name="password"' in response.content
    )
    assert response.get("X-Page-Cache") != "hit"


# --- Never kept ------------------------------------------------------------------------


def test_signed_in_editors_always_get_a_fresh_private_page(client, programme):
    fetch(client, programme.url)
    client.force_login(get_user_model().objects.create_superuser("ed", "e@example.org", "pw"))
    response = client.get(programme.url)
    assert "X-Page-Cache" not in response
    assert "private" in response["Cache-Control"]
    assert response.get("Content-Encoding") is None  # never compressed beside a secret


def test_previews_drafts_and_private_password_forms_are_not_kept(client, programme, aim_index):
    programme.title = "Unpublished words"
    preview = programme.make_preview_request()
    assert "X-Page-Cache" not in preview
    assert "Unpublished words" not in fetch(client, programme.url).content.decode()

    private = AimPageFactory(parent=aim_index, title="Members only")
    private.save_revision().publish()
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    form = client.get(private.url)
    assert b"password" in form.content
    assert "X-Page-Cache" not in form
    assert "X-Page-Cache" not in client.get(private.url)


def test_answers_to_forms_and_other_addresses_are_not_kept(client, home_page):
    StandardPageFactory(parent=home_page, slug="cookies", body=[("video_consent", None)])
    response = client.post(reverse("withdraw_video_consent"), {"next": "/cookies/"})
    assert "X-Page-Cache" not in response
    assert "X-Page-Cache" not in client.get("/search/?q=health")
    assert "X-Page-Cache" not in client.get("/no-such-page/")
