"""An editor's session ends after half an hour idle; visitors never get a session cookie."""

from datetime import timedelta

import pytest
from freezegun import freeze_time

from django.conf import settings
from django.contrib.auth import get_user_model

from home.seed_content import PAGES


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_superuser("alex", "alex@lahp.example", "pw-alex-1234")


def sign_in(client):
    response = client.post("/admin/login/", {"username": "alex", "password": "pw-alex-1234"})
    assert response.status_code == 302


def test_an_editor_idle_for_longer_than_half_an_hour_is_asked_to_sign_in_again(client, editor):
    with freeze_time() as clock:
        sign_in(client)
        assert client.get("/admin/").status_code == 200
        clock.tick(timedelta(minutes=31))
        response = client.get("/admin/pages/")
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/?next=/admin/pages/")


def test_an_editor_who_keeps_working_stays_signed_in(client, editor):
    with freeze_time() as clock:
        sign_in(client)
        for _ in range(4):  # two hours in all, never 30 minutes apart
            clock.tick(timedelta(minutes=29))
            assert client.get("/admin/").status_code == 200


def test_the_idle_limit_is_half_an_hour_unless_the_environment_says_otherwise():
    assert settings.SESSION_COOKIE_AGE == 30 * 60


def test_visitors_get_no_session_cookie(client, home_page):
    response = client.get("/")
    assert response.status_code == 200
    assert settings.SESSION_COOKIE_NAME not in response.cookies
    assert not response.cookies


def test_the_cookies_page_says_how_long_the_editors_session_lasts():
    cookies_page = next(page for page in PAGES if page.key == "cookies")
    text = " ".join(str(block["value"]) for block in cookies_page.fields["body"])
    assert "after 30 minutes without using the editor" in text
    assert "two weeks" not in text
