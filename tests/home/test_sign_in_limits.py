"""Wrong passwords are limited: at the admin's sign-in and on password-protected pages."""

from datetime import timedelta

import pytest
from freezegun import freeze_time

from django.contrib.auth import get_user_model

from wagtail.models import PageViewRestriction

from tests.factories import StandardPageFactory

LOGIN = "/admin/login/"
PASSWORD = "correct horse battery staple"


@pytest.fixture
def editors(db):
    make = get_user_model().objects.create_superuser
    return [make(name, f"{name}@lahp.example", PASSWORD) for name in ("alex", "sam")]


def sign_in(client, username, password, address="192.0.2.10"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def signed_in(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith("/admin/")


def test_five_wrong_passwords_lock_the_account_out_even_with_the_right_one(client, editors):
    for _ in range(4):
        response = sign_in(client, "alex", "wrong")
        assert response.status_code == 200
        assert "Your username and password didn&#x27;t match" in response.text
    fifth = sign_in(client, "alex", "wrong")
    assert fifth.status_code == 429
    sixth = sign_in(client, "alex", PASSWORD)
    assert sixth.status_code == 429
    assert "Too many wrong passwords" in sixth.text
    assert "for 15 minutes, even with the right password" in sixth.text
    assert "ask one of the website’s administrators" in sixth.text
    assert client.get("/admin/").status_code == 302  # still not signed in


def test_the_lockout_touches_only_that_account_from_that_address(client, editors):
    for _ in range(5):
        sign_in(client, "alex", "wrong")
    assert signed_in(sign_in(client, "sam", PASSWORD))
    client.logout()
    # The same editor at their own desk is not locked out by someone else's guesses.
    assert signed_in(sign_in(client, "alex", PASSWORD, address="198.51.100.7"))


def test_the_account_can_sign_in_again_after_the_cool_off(client, editors):
    with freeze_time() as clock:
        for _ in range(5):
            sign_in(client, "alex", "wrong")
        clock.tick(timedelta(minutes=14))
        assert sign_in(client, "alex", PASSWORD).status_code == 429
        clock.tick(timedelta(minutes=2))
        assert signed_in(sign_in(client, "alex", PASSWORD))


def test_signing_in_clears_earlier_mistakes(client, editors):
    for _ in range(4):
        sign_in(client, "alex", "wrong")
    assert signed_in(sign_in(client, "alex", PASSWORD))
    client.logout()
    for _ in range(4):
        assert sign_in(client, "alex", "wrong").status_code == 200
    assert signed_in(sign_in(client, "alex", PASSWORD))


def test_behind_a_proxy_the_visitors_own_address_counts(client, editors, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for n in range(5):
        # A guesser cannot dodge the limit by writing addresses of their own.
        client.post(
            LOGIN,
            {"username": "alex", "password": "wrong"},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR=f"203.0.113.{n}, 192.0.2.66",
        )
    locked = client.post(
        LOGIN,
        {"username": "alex", "password": PASSWORD},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="192.0.2.66",
    )
    assert locked.status_code == 429
    # Another visitor through the same proxy signs in.
    other = client.post(
        LOGIN,
        {"username": "alex", "password": PASSWORD},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="192.0.2.77",
    )
    assert signed_in(other)


# --- Pages with a shared password --------------------------------------------------------


@pytest.fixture
def private_page(home_page):
    page = StandardPageFactory(parent=home_page, title="Board papers")
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type="password", password="partners-only"
    )
    return page, f"/_util/authenticate_with_password/{restriction.pk}/{page.pk}/"


def try_password(client, action, password, address="192.0.2.10"):
    return client.post(
        action, {"password": password, "return_url": "/board-papers/"}, REMOTE_ADDR=address
    )


def test_a_private_page_refuses_more_guesses_after_five_wrong_passwords(client, private_page):
    page, action = private_page
    for _ in range(5):
        response = try_password(client, action, "guess")
        assert response.status_code == 200
        assert "password" in response.text.lower()
    refused = try_password(client, action, "partners-only")
    assert refused.status_code == 429
    assert "Too many wrong passwords" in refused.text
    assert "for 15 minutes, even the right one" in refused.text
    assert "ask the person who gave you the link" in refused.text
    # Someone else, elsewhere, still gets in.
    assert try_password(client, action, "partners-only", address="198.51.100.7").status_code == 302
    assert client.get(page.url).status_code == 200


def test_a_private_page_takes_the_password_again_after_the_cool_off(client, private_page):
    page, action = private_page
    with freeze_time() as clock:
        for _ in range(5):
            try_password(client, action, "guess")
        assert try_password(client, action, "partners-only").status_code == 429
        clock.tick(timedelta(minutes=16))
        assert try_password(client, action, "partners-only").status_code == 302
    assert "Board papers" in client.get(page.url).text


def test_the_right_page_password_clears_earlier_mistakes(client, private_page):
    _, action = private_page
    for _ in range(4):
        try_password(client, action, "guess")
    assert try_password(client, action, "partners-only").status_code == 302
    for _ in range(4):
        assert try_password(client, action, "guess").status_code == 200
    assert try_password(client, action, "partners-only").status_code == 302
