"""What browsers are told to refuse, and what the server log says about bad requests."""

import logging

import pytest

from django.contrib.auth import get_user_model

from tests.factories import ImageFactory


def directives(header: str) -> dict[str, str]:
    return dict(part.strip().split("=", 1) for part in header.split(","))


def test_pages_may_not_use_the_camera_microphone_or_location(client, home_page):
    policy = directives(client.get("/")["Permissions-Policy"])
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert policy[feature] == "()", feature


def test_only_this_site_and_the_video_players_may_go_full_screen(client, home_page):
    policy = directives(client.get("/")["Permissions-Policy"])
    players = '(self "https://www.youtube-nocookie.com" "https://player.vimeo.com")'
    for feature in ("fullscreen", "autoplay", "picture-in-picture"):
        assert policy[feature] == players


def test_pages_and_the_api_are_for_this_site_only(client, home_page):
    assert client.get("/")["Cross-Origin-Resource-Policy"] == "same-origin"
    assert client.get("/api/v2/pages/")["Cross-Origin-Resource-Policy"] == "same-origin"


def test_partners_can_show_our_images_share_cards_and_icons_on_their_sites(client, home_page):
    image = ImageFactory()
    rendition = image.get_rendition("width-400")
    card = client.get(f"/share-cards/{home_page.pk}/x.png", follow=True)
    for response in (
        client.get(rendition.url),
        client.get("/favicon.ico"),
        client.get("/static/images/apple-touch-icon.png"),
        card,
    ):
        assert response.status_code == 200
        assert response["Cross-Origin-Resource-Policy"] == "cross-origin"
        # The rest of the policy still comes with it.
        assert "camera=()" in response["Permissions-Policy"]


@pytest.fixture
def editor(client, db):
    user = get_user_model().objects.create_superuser("alex", "alex@lahp.example", "pw")
    client.force_login(user)
    return user


def test_the_admin_loads_nothing_from_other_sites(client, editor):
    response = client.get("/admin/")
    assert response.status_code == 200
    policy = {
        part.split()[0]: part.split()[1:] for part in response["Content-Security-Policy"].split(";")
    }
    assert policy["default-src"] == ["'self'"]
    assert policy["connect-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'self'"]
    # Its own inline scripts and styles run (a hash beside them would stop them).
    assert policy["script-src"] == ["'self'", "'unsafe-inline'"]
    assert (
        client.get("/admin/login/")["Content-Security-Policy"]
        == (response["Content-Security-Policy"])
    )


def test_a_request_for_another_host_is_refused_and_logged_in_one_line(client, home_page, caplog):
    with caplog.at_level(logging.WARNING):
        response = client.get("/", HTTP_HOST="attacker.example")
    assert response.status_code == 400
    assert "Sorry, that request could not be handled" in response.text
    records = [r for r in caplog.records if r.name == "django.security.DisallowedHost"]
    assert len(records) == 1
    record = records[0]
    assert record.levelname == "WARNING"
    assert "'attacker.example'" in record.getMessage()
    assert record.exc_info is None
    assert "Traceback" not in caplog.text
