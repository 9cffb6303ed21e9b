"""The strategy film: what visitors get before and after they ask, and how editors manage it."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape

from wagtail.test.utils.form_data import rich_text

from home import consent
from home.blocks import RICH_TEXT_FEATURES
from home.models import Film
from tests.factories import FilmFactory, ImageFactory

INTRO = "Watch our short film here which explains our strategy."
OWN_HOSTS = ("http://testserver", "http://localhost")


def put_film_on_home(home_page, film):
    home_page.body = [("film", {"introduction": INTRO, "film": film})]
    home_page.save_revision().publish()


def without_structured_data(html: str) -> str:
    """The page minus its schema.org block: data for search engines that browsers never
    fetch from (it names the film's player and host page, as schema.org asks)."""
    return re.sub(r'<script type="application/ld\+json">.*?</script>', "", html, flags=re.S)


def third_party_urls(html: str) -> list[str]:
    urls = re.findall(r"https?://[^\s\"'<>)]+", without_structured_data(html))
    return [url for url in urls if not url.startswith(OWN_HOSTS)]


@pytest.fixture
def film(db):
    return FilmFactory(duration=timedelta(minutes=2, seconds=30))


def test_first_html_has_a_facade_and_nothing_from_the_video_host(client, home_page, film):
    put_film_on_home(home_page, film)
    html = client.get("/").content.decode()
    soup = BeautifulSoup(html, "html.parser")

    assert soup.find("iframe") is None
    assert third_party_urls(html) == ["https://www.youtube.com/watch?v=dQw4w9WgXcQ"]
    facade = soup.find(attrs={"data-film": True})
    assert facade["data-provider"] == "youtube"
    assert facade["data-video-id"] == "dQw4w9WgXcQ"
    button = facade.find("button")
    assert button["aria-label"] == "Play video: Our strategy"
    assert button.get_text(strip=True) == "Play video"
    assert button.has_attr("hidden")  # shown by film.js; without it the link plays the film
    assert "loads it from YouTube, which may set cookies" in facade.get_text()
    assert (
        facade.find("a", href="https://www.youtube.com/watch?v=dQw4w9WgXcQ")
        .get_text(strip=True)
        .startswith("Watch on YouTube")
    )
    assert INTRO in soup.get_text()


def test_poster_is_a_responsive_rendition_served_from_our_media(client, home_page, film):
    put_film_on_home(home_page, film)
    soup = BeautifulSoup(client.get("/").content, "html.parser")
    poster = soup.find(class_="film__player").find("img")
    assert poster["alt"] == ""  # the title beside it names the film
    assert poster["src"].startswith("/media/images/")
    sources = soup.find(class_="film__player").find_all("source")
    assert {source["type"] for source in sources} == {"image/avif", "image/webp"}
    # Several sizes, so phones on slow connections fetch a small one.
    assert all(source["srcset"].count("w,") >= 1 for source in sources)


def test_title_duration_and_transcript_come_with_the_film(client, home_page, film):
    put_film_on_home(home_page, film)
    soup = BeautifulSoup(client.get("/").content, "html.parser")
    assert soup.find(id=f"film-{film.pk}-title").get_text() == "Our strategy"
    assert soup.find("time")["datetime"] == "PT2M30S"
    assert soup.find("time").get_text() == "2 minutes 30 seconds"
    transcript = soup.find("details", class_="film__transcript")
    assert "Read the transcript" in transcript.summary.get_text()
    assert "Narrator: this is how we work together." in transcript.get_text()


def test_audio_described_version_is_linked_when_given(client, home_page, db):
    film = FilmFactory(audio_described_url="https://www.youtube.com/watch?v=aaaaaaaaaaa")
    put_film_on_home(home_page, film)
    soup = BeautifulSoup(client.get("/").content, "html.parser")
    link = soup.find("a", href="https://www.youtube.com/watch?v=aaaaaaaaaaa")
    assert link.get_text(" ", strip=True).startswith("Watch the audio-described version")


def test_vimeo_film_uses_vimeo_wording(client, home_page, db):
    put_film_on_home(home_page, FilmFactory(video_url="https://vimeo.com/76979871"))
    html = client.get("/").content.decode()
    assert "loads it from Vimeo, which may set cookies" in html
    assert third_party_urls(html) == ["https://vimeo.com/76979871"]


def test_self_hosted_film_plays_natively_with_captions(client, home_page, db):
    film = FilmFactory(
        video_url="",
        captions_confirmed=False,
        video_file=SimpleUploadedFile("strategy.mp4", b"\x00\x00\x00\x18ftypmp42" + b"\0" * 32),
        captions_file=SimpleUploadedFile("strategy.vtt", b"WEBVTT\n\n00:00.000 --> 00:01.000\nHi"),
    )
    put_film_on_home(home_page, film)
    soup = BeautifulSoup(client.get("/").content, "html.parser")
    video = soup.find("video")
    assert video.has_attr("controls")
    assert video["preload"] == "none"  # nothing downloads until the visitor presses play
    # Served by the site itself, which answers the byte-range requests seeking makes.
    assert video.find("source")["src"].startswith("/films/")
    assert video.find("source")["type"] == "video/mp4"
    track = video.find("track")
    assert track["kind"] == "captions"
    assert track["src"].endswith(".vtt")
    assert soup.find("button", attrs={"data-film-play": True}) is None
    assert third_party_urls(str(soup)) == []
    assert client.get(track["src"]).status_code == 200


def test_draft_film_shows_no_film_section_and_nothing_broken(client, home_page, db):
    film = FilmFactory(live=False, video_url="", transcript="", poster=None)
    put_film_on_home(home_page, film)
    response = client.get("/")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.find(class_="film-section") is None
    assert INTRO not in soup.get_text()


def test_deleted_film_leaves_the_page_working(client, home_page, film):
    put_film_on_home(home_page, film)
    film.delete()
    response = client.get("/")
    assert response.status_code == 200
    assert b"film-section" not in response.content


def test_js_and_python_agree_on_the_cookie_name():
    script = Path("static/js/film.js").read_text()
    assert f'const CONSENT_COOKIE = "{consent.VIDEO_CONSENT_COOKIE}";' in script
    assert f'const CONSENT_VALUE = "{consent.VIDEO_CONSENT_VALUE}";' in script
    assert "const ONE_YEAR = 60 * 60 * 24 * 365;" in script
    assert consent.VIDEO_CONSENT_MAX_AGE == 60 * 60 * 24 * 365


def test_pages_send_a_content_security_policy_that_allows_only_the_players(client, home_page):
    policy = client.get("/").headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "frame-src https://www.youtube-nocookie.com https://player.vimeo.com" in policy
    assert "youtube.com " not in policy.replace("youtube-nocookie.com", "")
    assert "'unsafe-inline'" not in policy
    # The admin has a policy of its own: its inline scripts, but no other site's,
    # and it frames its own previews (which may show a player).
    admin_policy = client.get("/admin/login/").headers["Content-Security-Policy"]
    assert "script-src 'self' 'unsafe-inline';" in admin_policy
    assert "frame-ancestors 'self'" in admin_policy


# --- Withdrawing the choice -----------------------------------------------------------


def test_withdrawing_deletes_the_cookie_and_returns_to_the_page(client, db):
    client.cookies[consent.VIDEO_CONSENT_COOKIE] = "yes"
    response = client.post(reverse("withdraw_video_consent"), {"next": "/cookies/"})
    assert response.status_code == 302
    assert response["Location"] == "/cookies/?video-consent-withdrawn=1#video-cookie-settings"
    cookie = response.cookies[consent.VIDEO_CONSENT_COOKIE]
    assert cookie.value == ""
    assert cookie["max-age"] == 0


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "", "javascript:x"])
def test_withdrawing_never_redirects_off_the_site(client, db, target):
    response = client.post(reverse("withdraw_video_consent"), {"next": target})
    assert response["Location"].startswith("/?")


def test_withdrawing_needs_a_post(client, db):
    assert client.get(reverse("withdraw_video_consent")).status_code == 405


# --- Editors --------------------------------------------------------------------------


@pytest.fixture
def editor(client, db):
    client.force_login(get_user_model().objects.create_superuser("editor", "", "pw"))
    return client


def film_form(**changes):
    data = {
        "title": "Our strategy",
        "video_url": "https://youtu.be/dQw4w9WgXcQ",
        "captions_confirmed": "on",
        "has_sound": "on",
        "poster": str(ImageFactory(file__width=1280, file__height=720).pk),
        "duration": "2:30",
        "transcript": rich_text("<p>Narrator: welcome.</p>", features=RICH_TEXT_FEATURES),
        "audio_described_url": "",
    }
    data.update(changes)
    if data["transcript"] == "":
        data["transcript"] = rich_text("", features=RICH_TEXT_FEATURES)  # an empty editor
    return {key: value for key, value in data.items() if value is not None}


ADD = reverse("wagtailsnippets_home_film:add")


def errors(response) -> dict[str, str]:
    """Each field's first error message, as shown beside the field in the editor."""
    assert response.status_code == 200, "the form was accepted"
    form_errors = response.context["form"].errors
    page = response.content.decode()
    for messages in form_errors.values():
        assert escape(messages[0]) in page
    return {field: messages[0] for field, messages in form_errors.items()}


def test_editor_creates_previews_and_publishes_a_film(editor, client):
    preview_url = reverse("wagtailsnippets_home_film:preview_on_add")
    assert editor.post(preview_url, film_form()).json()["is_valid"] is True
    preview = editor.get(preview_url)
    soup = BeautifulSoup(preview.content, "html.parser")
    assert soup.find(attrs={"data-film": True})["data-video-id"] == "dQw4w9WgXcQ"
    assert soup.find("iframe") is None

    response = editor.post(ADD, {**film_form(), "action-publish": "action-publish"})
    assert response.status_code == 302
    film = Film.objects.get()
    assert film.live
    assert film.duration == timedelta(minutes=2, seconds=30)
    assert film.hosted.video_id == "dQw4w9WgXcQ"


def test_a_film_without_a_transcript_cannot_be_published(editor):
    response = editor.post(ADD, {**film_form(transcript=""), "action-publish": "action-publish"})
    assert response.status_code == 200
    assert errors(response)["transcript"].startswith("Add a transcript before publishing.")
    assert not Film.objects.exists()


def test_a_film_without_a_transcript_can_be_saved_as_a_draft(editor, client):
    response = editor.post(ADD, film_form(transcript="", poster=""))
    assert response.status_code == 302
    film = Film.objects.get()
    assert not film.live


def test_form_errors_name_each_problem(editor):
    response = editor.post(
        ADD,
        {
            **film_form(title="", poster="", video_url="https://www.dailymotion.com/video/x7"),
            "action-publish": "action-publish",
        },
    )
    found = errors(response)
    assert found["title"] == "This field is required." or found["title"].startswith("Give the film")
    assert found["poster"].startswith("Choose a poster image.")
    assert found["video_url"].startswith("Use a YouTube or Vimeo address")


def test_unsupported_address_is_refused_even_in_a_draft(editor):
    response = editor.post(ADD, film_form(video_url="https://example.org/video.mp4"))
    assert errors(response)["video_url"].startswith("Use a YouTube or Vimeo address")


def test_hosted_film_needs_its_captions_checked_before_publishing(editor):
    response = editor.post(ADD, {**film_form(captions_confirmed=None), "action-publish": "1"})
    assert errors(response)["captions_confirmed"].startswith("Check that the video")


def test_a_film_needs_one_video_not_two(editor):
    video = SimpleUploadedFile("film.mp4", b"\x00\x00\x00\x18ftypmp42" + b"\0" * 16)
    response = editor.post(ADD, {**film_form(), "video_file": video})
    assert (
        errors(response)["video_url"]
        == "Give a YouTube or Vimeo address or upload a video file, not both."
    )


def test_a_fake_video_upload_is_refused_with_a_reason(editor):
    fake = SimpleUploadedFile("film.mp4", b"MZ\x90\x00 this is an executable")
    response = editor.post(ADD, {**film_form(video_url=""), "video_file": fake})
    assert "not a playable MP4 or WebM video" in errors(response)["video_file"]
    assert not Film.objects.exists()


def test_films_are_listed_under_snippets(editor, film):
    response = editor.get(reverse("wagtailsnippets_home_film:list"))
    assert response.status_code == 200
    assert "Our strategy" in response.content.decode()


def test_cookies_page_offers_every_state_and_is_the_same_for_every_visitor(client, home_page):
    from tests.factories import StandardPageFactory

    StandardPageFactory(
        parent=home_page, title="Cookies", slug="cookies", body=[("video_consent", None)]
    )
    without = client.get("/cookies/").content
    client.cookies[consent.VIDEO_CONSENT_COOKIE] = consent.VIDEO_CONSENT_VALUE
    with_choice = client.get("/cookies/").content
    # One page for everyone, so it can be cached: the browser shows the right state
    # (tests/browser/test_film.py checks it does).
    assert with_choice == without
    page = BeautifulSoup(without, "html.parser")
    status = page.find(attrs={"data-consent-status": True}).get_text()
    assert "You have chosen to play videos straight away" in status
    assert "This cookie is not set on this device" in status
    form = page.find("form", attrs={"data-consent-withdraw": True})
    assert form["action"] == reverse("withdraw_video_consent")
    assert form.find("input", attrs={"name": "csrfmiddlewaretoken"}) is None  # no cookie needed


def test_a_poster_too_small_to_stay_sharp_is_refused(editor):
    small = ImageFactory(file__width=640, file__height=360)
    response = editor.post(ADD, film_form(poster=str(small.pk), **{"action-publish": "1"}))
    assert errors(response)["poster"] == (
        "Choose a poster at least 1280 × 720 pixels: this one is 640 × 360, and would look "
        "blurred on large screens."
    )


def test_a_film_title_has_the_same_limit_as_page_titles(editor):
    response = editor.post(ADD, film_form(title="z" * 81))
    assert errors(response)["title"].startswith("Shorten the title to 80 characters or fewer")
