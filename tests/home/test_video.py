"""Video addresses and files are understood locally, and bad ones get a clear message."""

import socket

import pytest

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from home.video import (
    CaptionsFileValidator,
    VideoFileValidator,
    describe_duration,
    parse_video_url,
)


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Any attempt to reach the network fails the test."""

    def refuse(*args, **kwargs):
        raise AssertionError(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


@pytest.mark.parametrize(
    ("url", "provider", "video_id", "vimeo_hash"),
    [
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", "youtube", "dQw4w9WgXcQ", ""),
        ("https://youtube.com/watch?v=dQw4w9WgXcQ&t=42s", "youtube", "dQw4w9WgXcQ", ""),
        ("http://m.youtube.com/watch?feature=share&v=a-b_c1234XY", "youtube", "a-b_c1234XY", ""),
        ("https://youtu.be/dQw4w9WgXcQ", "youtube", "dQw4w9WgXcQ", ""),
        ("https://youtu.be/dQw4w9WgXcQ?si=abcdef", "youtube", "dQw4w9WgXcQ", ""),
        ("https://www.youtube.com/embed/dQw4w9WgXcQ", "youtube", "dQw4w9WgXcQ", ""),
        ("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ", "youtube", "dQw4w9WgXcQ", ""),
        ("https://www.youtube.com/shorts/dQw4w9WgXcQ", "youtube", "dQw4w9WgXcQ", ""),
        ("  https://www.youtube.com/watch?v=dQw4w9WgXcQ  ", "youtube", "dQw4w9WgXcQ", ""),
        ("https://vimeo.com/76979871", "vimeo", "76979871", ""),
        ("https://vimeo.com/76979871/8272103f6e", "vimeo", "76979871", "8272103f6e"),
        ("https://vimeo.com/channels/staffpicks/76979871", "vimeo", "76979871", ""),
        ("https://player.vimeo.com/video/76979871", "vimeo", "76979871", ""),
        ("https://player.vimeo.com/video/76979871?h=8272103f6e", "vimeo", "76979871", "8272103f6e"),
    ],
)
def test_supported_addresses_give_the_right_video(url, provider, video_id, vimeo_hash):
    video = parse_video_url(url)
    assert (video.provider, video.video_id, video.vimeo_hash) == (provider, video_id, vimeo_hash)


@pytest.mark.parametrize(
    "url",
    [
        "",
        "not a url",
        "ftp://www.youtube.com/watch?v=dQw4w9WgXcQ",
        "javascript:alert(1)",
        "https://www.dailymotion.com/video/x7tgad0",
        "https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ",
        "https://notyoutube.com/watch?v=dQw4w9WgXcQ",
        "https://example.org/?next=https://youtu.be/dQw4w9WgXcQ",
    ],
)
def test_other_hosts_are_refused_with_a_clear_message(url):
    with pytest.raises(ValidationError) as error:
        parse_video_url(url)
    assert error.value.code == "unsupported"
    assert "Use a YouTube or Vimeo address" in error.value.messages[0]


@pytest.mark.parametrize(
    "url",
    [
        "https://www.youtube.com/watch?v=short",
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ<script>",
        "https://www.youtube.com/watch",
        "https://www.youtube.com/channel/UC123",
        "https://youtu.be/",
        "https://youtu.be/dQw4w9WgXcQ/extra",
        "https://www.youtube.com/embed/../../dQw4w9WgXcQ",
        "https://vimeo.com/about",
        "https://vimeo.com/12",
        "https://vimeo.com/76979871/NOT-A-HASH",
        "https://player.vimeo.com/video/abc",
    ],
)
def test_malformed_video_ids_are_refused(url):
    with pytest.raises(ValidationError) as error:
        parse_video_url(url)
    assert error.value.code == "no_video_id"
    assert "Share button" in error.value.messages[0]


def test_player_addresses_are_the_privacy_enhanced_ones():
    youtube = parse_video_url("https://youtu.be/dQw4w9WgXcQ")
    assert youtube.embed_url == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"
    assert youtube.watch_url == "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    vimeo = parse_video_url("https://vimeo.com/76979871/8272103f6e")
    assert vimeo.embed_url == "https://player.vimeo.com/video/76979871?dnt=1&h=8272103f6e"
    assert vimeo.watch_url == "https://vimeo.com/76979871/8272103f6e"


MP4_HEAD = b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 64
WEBM_HEAD = b"\x1a\x45\xdf\xa3" + b"\x00" * 64


@pytest.mark.parametrize(("name", "content"), [("film.mp4", MP4_HEAD), ("film.webm", WEBM_HEAD)])
def test_real_video_files_are_accepted(name, content):
    VideoFileValidator(max_megabytes=5)(SimpleUploadedFile(name, content))


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("film.mov", MP4_HEAD, "extension"),
        ("film.mp4", b"<html>not a video</html>", "not_video"),
        ("film.webm", b"", "not_video"),
        ("film.mp4", MP4_HEAD + b"\x00" * (1024 * 1024), "too_large"),
    ],
)
def test_malformed_video_uploads_are_refused(name, content, code):
    with pytest.raises(ValidationError) as error:
        VideoFileValidator(max_megabytes=1)(SimpleUploadedFile(name, content))
    assert error.value.code == code


def test_captions_must_be_webvtt():
    CaptionsFileValidator()(
        SimpleUploadedFile("film.vtt", b"WEBVTT\n\n00:00.000 --> 00:02.000\nHi")
    )
    CaptionsFileValidator()(SimpleUploadedFile("film.vtt", "\ufeffWEBVTT\n".encode()))
    for name, content, code in [
        ("film.srt", b"1\n00:00:00,000 --> 00:00:02,000\nHi", "extension"),
        ("film.vtt", b"1\n00:00:00,000 --> 00:00:02,000\nHi", "not_vtt"),
        ("film.vtt", b"\xff\xfe\x00W\x00E\x00B", "not_vtt"),
    ]:
        with pytest.raises(ValidationError) as error:
            CaptionsFileValidator()(SimpleUploadedFile(name, content))
        assert error.value.code == code


def test_durations_read_naturally():
    from datetime import timedelta

    assert describe_duration(timedelta(minutes=2, seconds=30)) == "2 minutes 30 seconds"
    assert describe_duration(timedelta(hours=1, seconds=1)) == "1 hour 1 second"
    assert describe_duration(None) == ""
