from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import cached_property
from django.utils.html import strip_tags

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.images import get_image_model_string
from wagtail.models import DraftStateMixin, LockableMixin, PreviewableMixin, RevisionMixin
from wagtail.search import index

from home.blocks import RICH_TEXT_FEATURES
from home.video import (
    CaptionsFileValidator,
    HostedVideo,
    VideoFileValidator,
    describe_duration,
    format_duration_tag,
    iso_duration,
    parse_video_url,
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
NEEDS_CAPTIONS_FILE = "Upload a WebVTT captions file for the video."


def has_text(html: str) -> bool:
    return bool(strip_tags(html or "").strip())


def source_problems(
    *, video_url, video_file, captions_file, captions_confirmed, publishing
) -> dict[str, str]:
    """What stops a film from having exactly one playable, captioned source."""
    if video_url and video_file:
        return {"video_url": BOTH_SOURCES, "video_file": BOTH_SOURCES}
    if not publishing:
        return {}
    if not video_url and not video_file:
        return {"video_url": NEEDS_A_SOURCE}
    if video_url and not captions_confirmed:
        return {"captions_confirmed": NEEDS_CAPTIONS_CONFIRMED}
    if video_file and not captions_file:
        return {"captions_file": NEEDS_CAPTIONS_FILE}
    return {}


class FilmForm(WagtailAdminModelForm):
    """The film editor: drafts may be incomplete, a published film may not."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, message in REQUIRED_TO_PUBLISH.items():
            if name in self.fields:
                self.fields[name].error_messages["required"] = message

    def clean_transcript(self):
        # An emptied editor still sends an empty paragraph; that is no transcript.
        value = self.cleaned_data.get("transcript") or ""
        if has_text(value):
            return value
        if not self.is_deferred_validation:
            raise ValidationError(REQUIRED_TO_PUBLISH["transcript"], code="required")
        return ""

    def clean(self):
        cleaned = super().clean()
        problems = source_problems(
            video_url=cleaned.get("video_url"),
            video_file=cleaned.get("video_file"),
            captions_file=cleaned.get("captions_file"),
            captions_confirmed=cleaned.get("captions_confirmed"),
            publishing=not self.is_deferred_validation,
        )
        for field, message in problems.items():
            self.add_error(field, message)
        return cleaned


class Film(
    PreviewableMixin,
    LockableMixin,
    DraftStateMixin,
    RevisionMixin,
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
        upload_to="films/",
        validators=[VideoFileValidator(settings.LAHP_FILM_MAX_UPLOAD_MB)],
        help_text=f"Instead of an address: an MP4 or WebM file of up to "
        f"{settings.LAHP_FILM_MAX_UPLOAD_MB} MB, played from this website.",
    )
    captions_file = models.FileField(
        "captions file",
        blank=True,
        upload_to="films/captions/",
        validators=[CaptionsFileValidator()],
        help_text="For an uploaded video: its captions as a WebVTT (.vtt) file.",
    )
    poster = models.ForeignKey(
        get_image_model_string(),
        null=True,
        blank=False,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="A still from the film, shown until the visitor presses play. Wide "
        "(16:9) images work best.",
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
            [FieldPanel("video_file"), FieldPanel("captions_file")],
            heading="Or a video file hosted here",
        ),
        FieldPanel("poster"),
        FieldPanel("duration"),
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
        return "video/webm" if self.video_file.name.lower().endswith(".webm") else "video/mp4"

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
                captions_file=self.captions_file,
                captions_confirmed=self.captions_confirmed,
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
