"""Scheduled publishing: what a scheduler pass did, what is overdue, and stopping on signals.

Wagtail's `publish_scheduled` does the publishing; `manage.py run_scheduler` runs
it every minute and says what it did, and the dashboard warns when something
scheduled is late, which means no scheduler is running.
"""

import contextlib
import os
import select
import signal
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.apps import apps
from django.contrib.admin.utils import quote
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from wagtail.models import DraftStateMixin, ModelLogEntry, Page, PageLogEntry, Revision

# The actions `publish_scheduled` records in Wagtail's audit log.
PUBLISHED = "wagtail.publish.scheduled"
UNPUBLISHED = "wagtail.unpublish.scheduled"

# A scheduler checks every minute; anything later than this means none is running.
OVERDUE_AFTER = timedelta(minutes=5)


def latest_log_ids() -> tuple[int, int]:
    """The newest page and snippet audit-log entries, to tell a pass's own entries apart."""
    return tuple(
        model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        for model in (PageLogEntry, ModelLogEntry)
    )


def changes_since(log_ids: tuple[int, int]) -> list[str]:
    """What scheduled publishing did after the given audit-log entries, in plain words."""
    entries = []
    for model, after in zip((PageLogEntry, ModelLogEntry), log_ids, strict=True):
        entries += model.objects.filter(pk__gt=after, action__in=(PUBLISHED, UNPUBLISHED))
    # Expiry logs a page under the general "page" type: name its own type instead.
    page_types = dict(
        Page.objects.filter(
            pk__in=[entry.page_id for entry in entries if isinstance(entry, PageLogEntry)]
        ).values_list("pk", "content_type_id")
    )
    lines = []
    for entry in sorted(entries, key=lambda entry: entry.timestamp):
        type_id = page_types.get(getattr(entry, "page_id", None), entry.content_type_id)
        kind = verbose_name(ContentType.objects.get_for_id(type_id).model_class())
        if entry.action == PUBLISHED:
            lines.append(f"Published “{entry.label}” ({kind}): its go-live time had come.")
        else:
            lines.append(f"Unpublished “{entry.label}” ({kind}): its expiry time had passed.")
    return lines


def verbose_name(model) -> str:
    return model._meta.verbose_name if model else "item"


def scheduled_snippet_models() -> list[type]:
    """Models other than pages that `publish_scheduled` publishes and unpublishes."""
    return [
        model
        for model in apps.get_models()
        if issubclass(model, DraftStateMixin) and not issubclass(model, Page)
    ]


def edit_url(model, pk) -> str | None:
    if model is None:
        return None
    if issubclass(model, Page):
        return reverse("wagtailadmin_pages:edit", args=[pk])
    viewset = getattr(model, "snippet_viewset", None)
    return reverse(viewset.get_url_name("edit"), args=[quote(pk)]) if viewset else None


@dataclass(frozen=True)
class LateChange:
    """Something scheduled that should have happened by now."""

    title: str
    kind: str  # "programme page", "film"
    change: str  # what should have happened: "gone live" or "been unpublished"
    due_at: datetime
    edit_url: str | None


def late_changes(now: datetime | None = None) -> list[LateChange]:
    """Scheduled publishing and expiries more than OVERDUE_AFTER late, the oldest first.

    One query for scheduled revisions (pages and snippets), one for live pages
    past their expiry, and one per snippet model that has drafts.
    """
    cutoff = (now or timezone.now()) - OVERDUE_AFTER
    late = []
    revisions = Revision.objects.filter(approved_go_live_at__lt=cutoff).select_related(
        "content_type"
    )
    for revision in revisions:
        model = revision.content_type.model_class()
        late.append(
            LateChange(
                title=revision.object_str,
                kind=verbose_name(model),
                change="gone live",
                due_at=revision.approved_go_live_at,
                edit_url=edit_url(model, revision.object_id),
            )
        )
    pages = Page.objects.filter(live=True, expire_at__lt=cutoff).select_related("content_type")
    for page in pages:
        model = page.content_type.model_class()
        late.append(
            LateChange(
                title=page.title,
                kind=verbose_name(model),
                change="been unpublished",
                due_at=page.expire_at,
                edit_url=edit_url(model, page.pk),
            )
        )
    for model in scheduled_snippet_models():
        for snippet in model.objects.filter(live=True, expire_at__lt=cutoff):
            late.append(
                LateChange(
                    title=str(snippet),
                    kind=verbose_name(model),
                    change="been unpublished",
                    due_at=snippet.expire_at,
                    edit_url=edit_url(model, snippet.pk),
                )
            )
    return sorted(late, key=lambda change: change.due_at)


class StopSignals:
    """Turns SIGTERM, SIGINT (Ctrl+C) and SIGHUP into a request to stop.

    `wait()` returns as soon as one arrives. The handler only sets a flag and
    writes to a pipe: locks (such as threading.Event's) are not safe to take in
    a signal handler, which may interrupt the same thread holding them.
    """

    def __init__(self, signums=(signal.SIGTERM, signal.SIGINT, signal.SIGHUP)):
        self.received = None
        self._read, self._write = os.pipe()
        os.set_blocking(self._write, False)
        self._previous = {signum: signal.signal(signum, self._handle) for signum in signums}

    def _handle(self, signum, frame):
        self.received = signum
        # A full pipe already holds a wake-up from an earlier signal.
        with contextlib.suppress(BlockingIOError):
            os.write(self._write, b"\0")

    def wait(self, seconds: float) -> bool:
        """Wait up to `seconds`; True once a stop has been asked for."""
        if self.received is None:
            select.select([self._read], [], [], seconds)
        return self.received is not None

    def close(self):
        for signum, handler in self._previous.items():
            if handler is not None:  # None: set outside Python, cannot be put back
                signal.signal(signum, handler)
        os.close(self._read)
        os.close(self._write)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()
