"""A database that is away gives visitors a "try again soon" page in seconds; then it recovers."""

import logging
import time

import pytest

from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.urls import path

from home import views as home_views

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="connection and statement timeouts are PostgreSQL's"
)

# A port in this project's range where nothing listens.
UNUSED_PORT = 8199


@pytest.fixture
def visitor():
    # As a browser sees it: an error in the site is a page, not an exception in the test.
    return Client(raise_request_exception=False)


@pytest.fixture
def database_away(transactional_db):
    """Point the site's connection at a database that is not there, then back."""
    original = dict(connection.settings_dict)
    options = dict(original.get("OPTIONS", {}))

    def away():
        connection.close()
        connection.settings_dict["HOST"] = "127.0.0.1"
        connection.settings_dict["PORT"] = UNUSED_PORT
        connection.settings_dict["OPTIONS"] = {**options, "connect_timeout": 1}

    def back():
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(original)

    yield away, back
    back()


# SQLite is a file beside the site, not a server that can go away (and the test
# suite's in-memory copy cannot be pointed elsewhere and back).
@postgresql_only
def test_visitors_get_a_try_again_page_while_the_database_is_away_and_pages_once_it_is_back(
    home_page, database_away, visitor, caplog
):
    away, back = database_away
    assert visitor.get("/").status_code == 200
    away()
    started = time.monotonic()
    with caplog.at_level(logging.ERROR):
        response = visitor.get("/")
    assert time.monotonic() - started < 5
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "Sorry, the website is not available just now" in response.text
    assert "Please try again in a minute or two" in response.text
    assert any("Database unavailable, answered 503" in r.getMessage() for r in caplog.records)
    back()
    response = visitor.get("/")
    assert response.status_code == 200
    assert home_page.title in response.text


def test_an_error_in_the_site_is_still_a_500(home_page, visitor, settings):
    settings.ROOT_URLCONF = __name__
    response = visitor.get("/broken/")
    assert response.status_code == 500
    assert "Sorry, something went wrong" in response.text
    assert "Retry-After" not in response


@postgresql_only
def test_a_query_that_runs_too_long_is_cancelled_and_answered_503(
    home_page, transactional_db, visitor, settings
):
    settings.ROOT_URLCONF = __name__
    original = dict(connection.settings_dict["OPTIONS"])
    assert original["options"] == "-c statement_timeout=15000"
    assert original["connect_timeout"] == 5
    connection.close()
    connection.settings_dict["OPTIONS"] = {**original, "options": "-c statement_timeout=1000"}
    try:
        started = time.monotonic()
        response = visitor.get("/slow/")
        assert time.monotonic() - started < 5
        assert response.status_code == 503
        assert response["Retry-After"] == "30"
    finally:
        connection.close()
        connection.settings_dict["OPTIONS"] = original


# A URL configuration for the tests above: a view that fails, and one whose query runs long.


def broken(request):
    raise RuntimeError("a bug")


def slow(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_sleep(10)")
    return HttpResponse("done")


urlpatterns = [path("broken/", broken), path("slow/", slow)]
handler500 = home_views.server_error
