import secrets
from dataclasses import dataclass, replace
from functools import lru_cache

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import models
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.html import strip_tags

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.images import get_image_model_string
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    PreviewableMixin,
    RevisionMixin,
    WorkflowMixin,
)
from wagtail.search import index

from home.blocks import RICH_TEXT_FEATURES
from home.forms import check_title_length, limit_title
from home.video import (
    CaptionsFileValidator,
    HostedVideo,
    VideoFileValidator,
    describe_duration,
    format_duration_tag,
    iso_duration,
    parse_video_url,
    parse_webvtt,
    validate_video_url,
)

REQUIRED_TO_PUBLISH = {
    "title": "Give the film a title: it names the player for screen reader users.",
    "poster": "Choose a poster image. It is shown until the visitor presses play, so nothing "
    "is loaded from YouTube or Vimeo before they ask.",
    "transcript": "Add a transcript before publishing. It gives the film's words and what it "
    "shows to anyone who cannot watch or hear it.",
}
NEEDS_A_SOURCE = "Give the film's YouTube or Vimeo address, or upload a video file."
BOTH_SOURCES = "Give a YouTube or Vimeo address or upload a video file, not both."
NEEDS_CAPTIONS_CONFIRMED = (
    "Check that the video on YouTube or Vimeo has accurate closed captions, then tick this box."
)
NEEDS_CAPTIONS_FILE = (
    "Upload a WebVTT captions file for the video, or untick 'The film has sound' if it is silent."
)
ALTERNATIVE_NEEDS_MAIN = "Upload the main video file first; this is a second format of it."
ALTERNATIVE_SAME_FORMAT = (
    "This file is in the same format as the main video. Upload the other format (WebM if the "
    "main file is MP4, MP4 if it is WebM), or leave this empty."
)


def has_text(html: str) -> bool:
    return bool(strip_tags(html or "").strip())


def video_format(file) -> str:
    """'webm' or 'mp4', from the file's name (its content is checked on upload)."""
    return "webm" if str(file or "").lower().endswith(".webm") else "mp4"


def source_problems(
    *,
    video_url,
    video_file,
    alternative_video_file=None,
    captions_file,
    captions_confirmed,
    has_sound=True,
    publishing,
) -> dict[str, str]:
    """What stops a film from having exactly one playable, captioned source."""
    if video_url and video_file:
        return {"video_url": BOTH_SOURCES, "video_file": BOTH_SOURCES}
    if alternative_video_file and not video_file:
        return {"alternative_video_file": ALTERNATIVE_NEEDS_MAIN}
    if alternative_video_file and video_format(alternative_video_file) == video_format(video_file):
        return {"alternative_video_file": ALTERNATIVE_SAME_FORMAT}
    if not publishing:
        return {}
    if not video_url and not video_file:
        return {"video_url": NEEDS_A_SOURCE}
    # Captions carry what is heard; a film without sound needs none (its
    # transcript, always required, says what it shows).
    if video_url and has_sound and not captions_confirmed:
        return {"captions_confirmed": NEEDS_CAPTIONS_CONFIRMED}
    if video_file and has_sound and not captions_file:
        return {"captions_file": NEEDS_CAPTIONS_FILE}
    return {}


def film_upload_to(instance, filename: str) -> str:
    """films/<random>/<name>: a new address for every upload, so files can be cached for a year."""
    return f"films/{secrets.token_hex(6)}/{filename}"


# The smallest poster that stays sharp at the player's largest size (HD).
POSTER_SIZE = (1280, 720)

# The Film fields that hold files visitors download, served by home/film_files.py.
FILM_FILE_FIELDS = (
    "video_file",
    "alternative_video_file",
    "captions_file",
    "descriptions_file",
    "chapters_file",
)
FILM_FILE_PREFIX = "films/"


def film_file_url(file) -> str:
    """The address the site serves a film's file from (with byte ranges, for seeking)."""
    name = file.name if hasattr(file, "name") else str(file)
    return reverse("film_file", args=[name.removeprefix(FILM_FILE_PREFIX)])


@dataclass(frozen=True)
class Track:
    """A WebVTT <track> of a film: its kind, label and file."""

    kind: str
    label: str
    file: object
    default: bool = False

    @property
    def url(self) -> str:
        return film_file_url(self.file)


@lru_cache(maxsize=64)
def read_chapters(name: str) -> list:
    """A chapters file's cues. Each upload has a name of its own, so its content never changes
    and is read once per process; a missing or unreadable file gives no chapters."""
    try:
        with default_storage.open(name, "rb") as file:
            text = file.read(CaptionsFileValidator.max_bytes).decode("utf-8-sig", errors="replace")
    except OSError:
        return []
    return parse_webvtt(text)


class FilmForm(WagtailAdminModelForm):
    """The film editor: drafts may be incomplete, a published film may not."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, message in REQUIRED_TO_PUBLISH.items():
            if name in self.fields:
                self.fields[name].error_messages["required"] = message
        limit_title(self)

    def clean_title(self):
        return check_title_length(self.cleaned_data.get("title", ""))

    def clean_transcript(self):
        # An emptied editor still sends an empty paragraph; that is no transcript.
        value = self.cleaned_data.get("transcript") or ""
        if has_text(value):
            return value
        if not self.is_deferred_validation:
            raise ValidationError(REQUIRED_TO_PUBLISH["transcript"], code="required")
        return ""

    def clean_poster(self):
        poster = self.cleaned_data.get("poster")
        width, height = POSTER_SIZE
        if poster is not None and (poster.width < width or poster.height < height):
            raise ValidationError(
                f"Choose a poster at least {width} × {height} pixels: this one is "
                f"{poster.width} × {poster.height}, and would look blurred on large screens.",
                code="too_small",
            )
        return poster

    def clean(self):
        cleaned = super().clean()
        problems = source_problems(
            video_url=cleaned.get("video_url"),
            video_file=cleaned.get("video_file"),
            alternative_video_file=cleaned.get("alternative_video_file"),
            captions_file=cleaned.get("captions_file"),
            captions_confirmed=cleaned.get("captions_confirmed"),
            has_sound=cleaned.get("has_sound", True),
            publishing=not self.is_deferred_validation,
        )
        for field, message in problems.items():
            self.add_error(field, message)
        return cleaned


class Film(
    WorkflowMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    PreviewableMixin,
    index.Indexed,
    models.Model,
):
    """A video, hosted on YouTube or Vimeo or uploaded here, with everything needed to
    show it accessibly and without contacting the video host before the visitor asks."""

    title = models.CharField(
        max_length=150,
        help_text="Shown with the film and read out by screen readers as the player's name.",
    )
    video_url = models.URLField(
        "YouTube or Vimeo address",
        blank=True,
        validators=[validate_video_url],
        help_text="The address of the video, copied from its Share button. Nothing is loaded "
        "from YouTube or Vimeo until a visitor presses play.",
    )
    captions_confirmed = models.BooleanField(
        "the video has accurate closed captions",
        default=False,
        help_text="Tick once you have watched it with captions on and checked they are "
        "accurate. Automatic captions are usually not.",
    )
    video_file = models.FileField(
        "video file",
        blank=True,
        upload_to=film_upload_to,
        max_length=255,
        validators=[VideoFileValidator(settings.LAHP_FILM_MAX_UPLOAD_MB)],
        help_text=f"Instead of an address: an MP4 or WebM file of up to "
        f"{settings.LAHP_FILM_MAX_UPLOAD_MB} MB, played from this website.",
    )
    alternative_video_file = models.FileField(
        "the same video in another format",
        blank=True,
        upload_to=film_upload_to,
        max_length=255,
        validators=[VideoFileValidator(settings.LAHP_FILM_MAX_UPLOAD_MB)],
        help_text="Optional. The same film as WebM if the file above is MP4, or as MP4 if it "
        "is WebM. Browsers play whichever suits them, so more visitors can watch.",
    )
    has_sound = models.BooleanField(
        "the film has sound",
        default=True,
        help_text="Untick for a silent film. The page then tells visitors it has no sound, "
        "and no captions are needed: the transcript says what the film shows.",
    )
    captions_file = models.FileField(
        "captions file",
        blank=True,
        upload_to=film_upload_to,
        max_length=255,
        validators=[CaptionsFileValidator()],
        help_text="For an uploaded video with sound: its captions as a WebVTT (.vtt) file.",
    )
    descriptions_file = models.FileField(
        "text description file",
        blank=True,
        upload_to=film_upload_to,
        max_length=255,
        validators=[CaptionsFileValidator()],
        help_text="Optional. A WebVTT (.vtt) file describing what is shown, timed to the film, "
        "for people who cannot see it. Screen readers can read it out as the film plays.",
    )
    chapters_file = models.FileField(
        "chapters file",
        blank=True,
        upload_to=film_upload_to,
        max_length=255,
        validators=[CaptionsFileValidator()],
        help_text="Optional. A WebVTT (.vtt) file naming the film's parts and where each "
        "starts. Visitors can then jump straight to a part.",
    )
    poster = models.ForeignKey(
        get_image_model_string(),
        null=True,
        blank=False,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="A still from the film, shown until the visitor presses play: at least "
        "1280 × 720 pixels, wide (16:9).",
    )
    release_date = models.DateField(
        "first released",
        null=True,
        blank=True,
        help_text="Optional. When the film was first made public. Search engines show it; "
        "without it, the date the film was first published here is used.",
    )
    duration = models.DurationField(
        null=True,
        blank=True,
        help_text="How long the film runs, as minutes:seconds, for example 2:30. Shown "
        "with the film so visitors know what to expect.",
    )
    transcript = RichTextField(
        features=RICH_TEXT_FEATURES,
        help_text="Everything said in the film, who says it, and anything important it shows "
        "without saying. Needed before the film can be published.",
    )
    audio_described_url = models.URLField(
        "audio-described version",
        blank=True,
        help_text="Optional. The address of a version with audio description, if there is one.",
    )

    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="film")

    panels = [
        FieldPanel("title", required_on_save=True),
        MultiFieldPanel(
            [FieldPanel("video_url"), FieldPanel("captions_confirmed")],
            heading="Video on YouTube or Vimeo",
        ),
        MultiFieldPanel(
            [
                FieldPanel("video_file"),
                FieldPanel("alternative_video_file"),
                FieldPanel("captions_file"),
                FieldPanel("descriptions_file"),
                FieldPanel("chapters_file"),
            ],
            heading="Or a video file hosted here",
        ),
        FieldPanel("has_sound"),
        FieldPanel("poster"),
        FieldPanel("duration"),
        FieldPanel("release_date"),
        FieldPanel("transcript"),
        FieldPanel("audio_described_url"),
    ]

    search_fields = [index.SearchField("title"), index.SearchField("transcript")]

    base_form_class = FilmForm

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title

    @property
    def revisions(self):
        return self._revisions

    @property
    def title_id(self) -> str:
        """The id of the film's heading on a page, which its player is labelled by."""
        return f"film-{self.pk}-title"

    @cached_property
    def hosted(self) -> HostedVideo | None:
        if not self.video_url:
            return None
        try:
            return parse_video_url(self.video_url)
        except ValidationError:
            return None

    @property
    def is_self_hosted(self) -> bool:
        return bool(self.video_file) and self.hosted is None

    @property
    def video_mime_type(self) -> str:
        return f"video/{video_format(self.video_file)}"

    @property
    def sources(self) -> list[tuple[str, str]]:
        """(address, MIME type) of each uploaded format, MP4 first: every browser plays it."""
        files = [f for f in (self.video_file, self.alternative_video_file) if f]
        files.sort(key=lambda f: video_format(f) != "mp4")
        return [(film_file_url(f), f"video/{video_format(f)}") for f in files]

    @property
    def tracks(self) -> list["Track"]:
        """The WebVTT tracks a <video> element offers. Only one may be on by default (the
        captions, or for a silent film its text description); film.js loads the rest."""
        tracks = [
            Track("captions", "English captions", self.captions_file),
            Track("descriptions", "Text description", self.descriptions_file),
            Track("chapters", "Chapters", self.chapters_file),
        ]
        tracks = [track for track in tracks if track.file]
        if tracks and tracks[0].kind != "chapters":
            tracks[0] = replace(tracks[0], default=True)
        return tracks

    @property
    def chapters(self) -> list:
        """The parts of the film, from its chapters file, for a list beside the player."""
        if not self.chapters_file:
            return []
        return read_chapters(self.chapters_file.name)

    @property
    def file_names(self) -> list[str]:
        """Storage names of every file this film plays from."""
        return [f.name for f in (getattr(self, name) for name in FILM_FILE_FIELDS) if f]

    @property
    def is_playable(self) -> bool:
        return self.hosted is not None or self.is_self_hosted

    @property
    def duration_text(self) -> str:
        return describe_duration(self.duration)

    @property
    def duration_iso(self) -> str:
        return iso_duration(self.duration)

    @property
    def duration_tag(self) -> str:
        return format_duration_tag(self.duration)

    @property
    def summary_line(self) -> str:
        """What to expect before pressing play, e.g. '1 minute 50 seconds, no sound'."""
        facts = [self.duration_text] if self.duration else []
        if not self.has_sound:
            facts.append("no sound")
        return ", ".join(facts)

    def publish_problems(self) -> dict[str, str]:
        """Why this film cannot be published yet, by field; empty when it can."""
        present = {
            "title": bool(self.title.strip()),
            "poster": self.poster_id is not None,
            "transcript": has_text(self.transcript),
        }
        problems = {
            name: message for name, message in REQUIRED_TO_PUBLISH.items() if not present[name]
        }
        problems.update(
            source_problems(
                video_url=self.video_url,
                video_file=self.video_file,
                alternative_video_file=self.alternative_video_file,
                captions_file=self.captions_file,
                captions_confirmed=self.captions_confirmed,
                has_sound=self.has_sound,
                publishing=True,
            )
        )
        return problems

    def get_preview_template(self, request, mode_name):
        return "home/film_preview.html"

    def get_preview_context(self, request, mode_name):
        context = super().get_preview_context(request, mode_name)
        context["film"] = self
        return context
