"""Video addresses and files, understood locally: no network call, ever.

Wagtail's oEmbed-based embeds ask YouTube or Vimeo about a video when an editor
saves it, and fail when that service is unreachable. Here the video id is read
from the address itself, and uploaded files are checked by their first bytes.
"""

import re
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.html import format_html

YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
VIMEO_ID = re.compile(r"^[0-9]{6,12}$")
VIMEO_HASH = re.compile(r"^[0-9a-f]{6,20}$")

YOUTUBE_HOSTS = {"youtube.com", "www.youtube.com", "m.youtube.com", "music.youtube.com"}
YOUTUBE_NOCOOKIE_HOSTS = {"youtube-nocookie.com", "www.youtube-nocookie.com"}
VIMEO_HOSTS = {"vimeo.com", "www.vimeo.com"}
VIMEO_PLAYER_HOSTS = {"player.vimeo.com"}

UNSUPPORTED = (
    "Use a YouTube or Vimeo address, for example https://www.youtube.com/watch?v=… "
    "or https://vimeo.com/…. For any other video, upload the file instead."
)


@dataclass(frozen=True)
class HostedVideo:
    """A video on YouTube or Vimeo, and the addresses the site uses for it."""

    provider: str  # "youtube" or "vimeo"
    video_id: str
    vimeo_hash: str = ""  # unlisted Vimeo videos need it to play

    @property
    def provider_name(self) -> str:
        return {"youtube": "YouTube", "vimeo": "Vimeo"}[self.provider]

    @property
    def watch_url(self) -> str:
        if self.provider == "youtube":
            return f"https://www.youtube.com/watch?v={self.video_id}"
        suffix = f"/{self.vimeo_hash}" if self.vimeo_hash else ""
        return f"https://vimeo.com/{self.video_id}{suffix}"

    @property
    def embed_url(self) -> str:
        """The privacy-enhanced player: no cookies from YouTube, 'do not track' for Vimeo."""
        if self.provider == "youtube":
            return f"https://www.youtube-nocookie.com/embed/{self.video_id}"
        hash_param = f"&h={self.vimeo_hash}" if self.vimeo_hash else ""
        return f"https://player.vimeo.com/video/{self.video_id}?dnt=1{hash_param}"


def parse_video_url(url: str) -> HostedVideo:
    """Read the provider and video id from a YouTube or Vimeo address.

    Raises ValidationError, with a message an editor can act on, for anything else.
    """
    try:
        parts = urlsplit((url or "").strip())
    except ValueError:
        raise ValidationError(UNSUPPORTED, code="unsupported") from None
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise ValidationError(UNSUPPORTED, code="unsupported")
    host = parts.hostname.lower()
    segments = [segment for segment in parts.path.split("/") if segment]

    if host in YOUTUBE_HOSTS or host in YOUTUBE_NOCOOKIE_HOSTS or host == "youtu.be":
        return HostedVideo("youtube", _youtube_id(host, segments, parts.query))
    if host in VIMEO_HOSTS or host in VIMEO_PLAYER_HOSTS:
        video_id, vimeo_hash = _vimeo_id(host, segments, parts.query)
        return HostedVideo("vimeo", video_id, vimeo_hash)
    raise ValidationError(UNSUPPORTED, code="unsupported")


def _youtube_id(host: str, segments: list[str], query: str) -> str:
    if host == "youtu.be":
        candidate = segments[0] if len(segments) == 1 else ""
    elif segments == ["watch"]:
        candidate = parse_qs(query).get("v", [""])[0]
    elif len(segments) == 2 and segments[0] in {"embed", "shorts", "live"}:
        candidate = segments[1]
    else:
        candidate = ""
    if not YOUTUBE_ID.match(candidate):
        raise ValidationError(
            "This YouTube address does not contain a video id. Copy the address from the "
            "video's Share button, for example https://youtu.be/… .",
            code="no_video_id",
        )
    return candidate


def _vimeo_id(host: str, segments: list[str], query: str) -> tuple[str, str]:
    if host in VIMEO_PLAYER_HOSTS:
        video_id = segments[1] if len(segments) == 2 and segments[0] == "video" else ""
        vimeo_hash = parse_qs(query).get("h", [""])[0]
    elif segments and segments[0] == "channels" and len(segments) == 3:
        video_id, vimeo_hash = segments[2], ""
    elif len(segments) in {1, 2}:
        video_id = segments[0]
        vimeo_hash = segments[1] if len(segments) == 2 else ""
    else:
        video_id, vimeo_hash = "", ""
    if not VIMEO_ID.match(video_id) or (vimeo_hash and not VIMEO_HASH.match(vimeo_hash)):
        raise ValidationError(
            "This Vimeo address does not contain a video number. Copy the address from the "
            "video's Share button, for example https://vimeo.com/123456789.",
            code="no_video_id",
        )
    return video_id, vimeo_hash


def validate_video_url(url: str) -> None:
    parse_video_url(url)


# --- Uploaded files --------------------------------------------------------------


def _is_mp4(head: bytes) -> bool:
    return head[4:8] == b"ftyp"


def _is_webm(head: bytes) -> bool:
    return head[:4] == b"\x1a\x45\xdf\xa3"


@deconstructible
class VideoFileValidator:
    """Accept MP4 or WebM files only, judged by their content as well as their name."""

    def __init__(self, max_megabytes: int):
        self.max_megabytes = max_megabytes

    def __call__(self, upload) -> None:
        name = (upload.name or "").lower()
        if not name.endswith((".mp4", ".webm")):
            raise ValidationError("Upload an MP4 or WebM video file.", code="extension")
        if upload.size > self.max_megabytes * 1024 * 1024:
            raise ValidationError(
                f"This video is larger than {self.max_megabytes} MB. Make it smaller, or put "
                "it on YouTube or Vimeo and use its address instead.",
                code="too_large",
            )
        head = _read_head(upload, 12)
        if not (_is_mp4(head) or _is_webm(head)):
            raise ValidationError(
                "This file is not a playable MP4 or WebM video, although its name says it is. "
                "Export the video again and upload the new file.",
                code="not_video",
            )

    def __eq__(self, other):
        return isinstance(other, VideoFileValidator) and other.max_megabytes == self.max_megabytes


@deconstructible
class CaptionsFileValidator:
    """Accept WebVTT captions only: UTF-8 text that starts 'WEBVTT'."""

    max_bytes = 2 * 1024 * 1024

    def __call__(self, upload) -> None:
        if not (upload.name or "").lower().endswith(".vtt"):
            raise ValidationError("Upload the captions as a WebVTT (.vtt) file.", code="extension")
        if upload.size > self.max_bytes:
            raise ValidationError("This captions file is larger than 2 MB.", code="too_large")
        head = _read_head(upload, 64)
        try:
            text = head.decode("utf-8-sig", errors="strict")
        except UnicodeDecodeError:
            text = ""
        if not text.startswith("WEBVTT"):
            raise ValidationError(
                "This is not a WebVTT captions file: its first line must be 'WEBVTT'. "
                "Most captioning tools can export WebVTT.",
                code="not_vtt",
            )

    def __eq__(self, other):
        return isinstance(other, CaptionsFileValidator)


def _read_head(upload, size: int) -> bytes:
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(size)
    upload.seek(position)
    return head if isinstance(head, bytes) else head.encode()


def _hours_minutes_seconds(duration) -> tuple[int, int, int]:
    hours, rest = divmod(int(duration.total_seconds()), 3600)
    return (hours, *divmod(rest, 60))


def describe_duration(duration) -> str:
    """'2 minutes 30 seconds', for people; the ISO form is for machines."""
    if duration is None:
        return ""
    units = ("hour", "minute", "second")
    parts = [
        f"{amount} {unit}{'' if amount == 1 else 's'}"
        for amount, unit in zip(_hours_minutes_seconds(duration), units, strict=True)
        if amount
    ]
    return " ".join(parts) or "0 seconds"


def iso_duration(duration) -> str:
    """The ISO 8601 form, for example PT2M30S."""
    if duration is None:
        return ""
    hours, minutes, seconds = _hours_minutes_seconds(duration)
    iso = "PT" + (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "")
    return iso + (f"{seconds}S" if seconds or iso == "PT" else "")


def format_duration_tag(duration) -> str:
    """A <time> element that machines and screen readers both understand."""
    if duration is None:
        return ""
    return format_html(
        '<time datetime="{}">{}</time>', iso_duration(duration), describe_duration(duration)
    )


# --- WebVTT ----------------------------------------------------------------------

CUE_TIMING = re.compile(
    r"^(?:(\d+):)?(\d{2}):(\d{2})\.(\d{3})\s+-->\s+(?:(\d+):)?(\d{2}):(\d{2})\.(\d{3})"
)


@dataclass(frozen=True)
class Cue:
    start: float  # seconds
    end: float
    text: str

    @property
    def start_label(self) -> str:
        """The start as a viewer reads it on a player: 1:16, or 1:02:03."""
        hours, minutes, seconds = _hours_minutes_seconds(timedelta(seconds=int(self.start)))
        return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"

    @property
    def start_iso(self) -> str:
        return iso_duration(timedelta(seconds=int(self.start)))


def _seconds(hours, minutes, seconds, millis) -> float:
    return int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds) + int(millis) / 1000


def parse_webvtt(text: str) -> list[Cue]:
    """The cues of a WebVTT file: when each starts and ends, and its text on one line.

    Forgiving: a malformed block is skipped rather than failing the page.
    """
    cues = []
    for block in text.replace("\r\n", "\n").split("\n\n"):
        lines = [line.strip() for line in block.strip().split("\n")]
        for index, line in enumerate(lines):
            match = CUE_TIMING.match(line)
            if match:
                parts = match.groups()
                words = " ".join(part for part in lines[index + 1 :] if part)
                if words:
                    cues.append(Cue(_seconds(*parts[:4]), _seconds(*parts[4:]), words))
                break
    return cues
