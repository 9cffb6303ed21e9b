"""Films' own files, served by the site with byte ranges so browsers can seek (and Safari play)."""

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile

from home.film_files import byte_range
from tests.factories import FilmFactory

VIDEO = b"\x00\x00\x00\x18ftypmp42" + bytes(range(256)) * 40  # 10,252 bytes
CAPTIONS = b"WEBVTT\n\n00:00.000 --> 00:01.000\nNarrator: welcome.\n"


@pytest.fixture
def film(db):
    return FilmFactory(
        video_url="",
        captions_confirmed=False,
        video_file=SimpleUploadedFile("strategy.mp4", VIDEO),
        captions_file=SimpleUploadedFile("strategy.vtt", CAPTIONS),
    )


def url_of(film, field="video_file"):
    name = getattr(film, field).name
    assert name.startswith("films/")
    return "/" + name


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_whole_file_with_the_right_type_and_a_long_cache_life(client, film):
    response = client.get(url_of(film))
    assert response.status_code == 200
    assert response["Content-Type"] == "video/mp4"
    assert response["Accept-Ranges"] == "bytes"
    assert response["Content-Length"] == str(len(VIDEO))
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert body(response) == VIDEO
    assert "Set-Cookie" not in response


def test_a_seek_gets_206_with_just_the_bytes_asked_for(client, film):
    response = client.get(url_of(film), headers={"Range": "bytes=1000-1999"})
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes 1000-1999/{len(VIDEO)}"
    assert response["Content-Length"] == "1000"
    assert body(response) == VIDEO[1000:2000]


def test_open_ended_and_suffix_ranges(client, film):
    start = client.get(url_of(film), headers={"Range": "bytes=10000-"})
    assert start.status_code == 206
    assert body(start) == VIDEO[10000:]
    end = client.get(url_of(film), headers={"Range": "bytes=-100"})
    assert end.status_code == 206
    assert body(end) == VIDEO[-100:]
    assert end["Content-Range"] == f"bytes {len(VIDEO) - 100}-{len(VIDEO) - 1}/{len(VIDEO)}"


def test_a_range_past_the_end_gets_416_saying_how_big_the_file_is(client, film):
    response = client.get(url_of(film), headers={"Range": f"bytes={len(VIDEO) + 5}-"})
    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{len(VIDEO)}"


@pytest.mark.parametrize(
    "header", ["bytes=5-1", "bytes=0-1,5-9", "items=0-5", "bytes=abc", "bytes=-", "\x00"]
)
def test_odd_ranges_get_the_whole_file_not_an_error(client, film, header):
    response = client.get(url_of(film), headers={"Range": header})
    assert response.status_code == 200
    assert body(response) == VIDEO


def test_a_stale_if_range_gets_the_whole_file(client, film):
    response = client.get(url_of(film), headers={"Range": "bytes=0-9", "If-Range": '"old"'})
    assert response.status_code == 200


def test_revalidation_gets_304(client, film):
    etag = client.get(url_of(film))["ETag"]
    assert client.get(url_of(film), headers={"If-None-Match": etag}).status_code == 304


def test_head_gives_the_size_without_the_body(client, film):
    response = client.head(url_of(film))
    assert response.status_code == 200
    assert response["Content-Length"] == str(len(VIDEO))
    assert response.content == b""


def test_captions_are_webvtt_text(client, film):
    response = client.get(url_of(film, "captions_file"))
    assert response["Content-Type"] == "text/vtt; charset=utf-8"
    assert body(response) == CAPTIONS


def test_a_draft_films_files_are_not_public_but_editors_can_preview_them(
    client, film, django_user_model
):
    film.live = False
    film.save()
    assert client.get(url_of(film)).status_code == 404
    editor = django_user_model.objects.create_superuser("editor", "e@example.org", "pw")
    client.force_login(editor)
    assert client.get(url_of(film)).status_code == 200


def test_unknown_and_missing_files_are_404_not_errors(client, film):
    assert client.get("/films/nothing/here.mp4").status_code == 404
    assert client.get("/films/../settings.py").status_code == 404
    film.video_file.storage.delete(film.video_file.name)
    assert client.get(url_of(film)).status_code == 404


def test_post_is_refused(client, film):
    assert client.post(url_of(film)).status_code == 405


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("bytes=0-0", (0, 0)),
        ("bytes=0-", (0, 99)),
        ("bytes=90-200", (90, 99)),
        ("bytes=-10", (90, 99)),
        ("bytes=-500", (0, 99)),
        (" bytes=1-2 ", (1, 2)),
        ("bytes=5-1", None),
        ("bytes=1-2,4-5", None),
    ],
)
def test_byte_range_parsing(header, expected):
    assert byte_range(header, 100) == expected


@pytest.mark.parametrize("header", ["bytes=100-", "bytes=150-160", "bytes=-0"])
def test_unsatisfiable_ranges_raise(header):
    with pytest.raises(ValueError, match="range"):
        byte_range(header, 100)


def test_an_open_ended_request_gets_a_part_at_a_time(client, film, monkeypatch):
    """A browser starting a long film gets it piece by piece, so no request ties up
    the server for the film's whole length."""
    from home import film_files

    monkeypatch.setattr(film_files, "LONGEST_ANSWER", 4000)
    first = client.get(url_of(film), headers={"Range": "bytes=0-"})
    assert first.status_code == 206
    assert first["Content-Range"] == f"bytes 0-3999/{len(VIDEO)}"
    rest = client.get(url_of(film), headers={"Range": "bytes=4000-"})
    assert rest["Content-Range"] == f"bytes 4000-7999/{len(VIDEO)}"
    assert body(first) + body(rest) == VIDEO[:8000]
    # An explicit range is answered in full.
    whole = client.get(url_of(film), headers={"Range": f"bytes=0-{len(VIDEO) - 1}"})
    assert body(whole) == VIDEO


def test_a_drafts_file_fetched_by_an_editor_is_never_cached(client, film, django_user_model):
    film.live = False
    film.save()
    client.force_login(django_user_model.objects.create_superuser("e", "e@example.org", "pw"))
    assert client.get(url_of(film))["Cache-Control"] == "private, no-store"


def test_films_files_are_not_served_from_media_where_drafts_would_leak(client, film):
    assert client.get("/media/" + film.video_file.name).status_code == 404
