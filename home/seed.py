"""Builds and publishes the site's starting content from home/seed_content.py.

Safe to run any number of times. Each page or film the loader publishes is
recorded (SeedRecord) with the revision it made (a redirect, with what it
saved), so on later runs it can tell:

- content nobody has touched since: left as it is, or brought up to date if
  the seed itself has since changed (a corrected sentence, a film address
  configured since the last run);
- content an editor has touched in any way (a newer revision, even a draft;
  unpublished, moved, scheduled or otherwise acted on, as the admin's history
  records): left alone, however the seed changes;
- content an editor has deleted: not brought back.
"""

import copy
import hashlib
import html
import io
import json
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils.timezone import localdate

from wagtail.contrib.redirects.models import Redirect
from wagtail.images import get_image_model
from wagtail.log_actions import registry as log_registry
from wagtail.models import Page, Site

from .models import Film, Partner, SeedRecord
from .seed_content import (
    PAGES,
    PARTNERS,
    REDIRECTS,
    SITE_NAME,
    STRATEGY_FILM,
    SeedFilm,
    SeedPage,
    SeedPartner,
    SeedRedirect,
)
from .video import parse_video_url


@dataclass(frozen=True)
class Outcome:
    key: str
    title: str
    action: str  # one of the ACTIONS keys
    url: str = ""
    note: str = ""

    def describe(self) -> str:
        where = f" ({self.url})" if self.url else ""
        line = f"{ACTIONS[self.action]}: {self.title}{where}"
        return f"{line}\n    Note for editors: {self.note}" if self.note else line


ACTIONS = {
    "created": "Created and published",
    "drafted": "Saved as a draft for editors to complete",
    "updated": "Updated to the current seed content",
    "unchanged": "Already up to date",
    "edited": "Left alone, changed in the admin since it was loaded",
    "unpublished": "Left alone, unpublished in the admin since it was loaded",
    "touched": "Left alone, an editor has worked on it in the admin since it was loaded",
    "deleted": "Not recreated, deleted in the admin",
    "exists": "Left alone, a page not made by the loader is already there",
    "no_parent": "Not created, the page it belongs under is missing",
    "no_target": "Not created, the page it leads to is missing",
    "redirect_exists": "Left alone, a redirect not made by the loader already uses this address",
}


@dataclass(frozen=True)
class FilmSettings:
    """What the configuration says about the strategy film."""

    url: str = ""
    transcript_path: str = ""
    captions_confirmed: bool = False

    @classmethod
    def from_settings(cls) -> "FilmSettings":
        return cls(
            url=settings.LAHP_STRATEGY_FILM_URL,
            transcript_path=settings.LAHP_STRATEGY_FILM_TRANSCRIPT,
            captions_confirmed=settings.LAHP_STRATEGY_FILM_CAPTIONS_CONFIRMED,
        )


class SeedError(Exception):
    """Configuration the loader cannot use; the message says what to fix."""


def fingerprint(data: dict) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


@transaction.atomic
def load_seed_content(film_settings: FilmSettings | None = None) -> list[Outcome]:
    """Create, publish or bring up to date the seed content; return what happened to each."""
    film_settings = film_settings or FilmSettings.from_settings()
    loaded: dict[str, object] = {}
    outcomes = []

    outcome, film = _load_film(STRATEGY_FILM, film_settings)
    if film is not None:
        loaded[STRATEGY_FILM.key] = film
    outcomes.append(outcome)

    for order, spec in enumerate(PARTNERS):
        outcomes.append(_load_partner(spec, order))

    for spec in PAGES:
        outcome, page = _load_page(spec, loaded)
        if page is not None:
            loaded[spec.key] = page
            if spec.parent is None:
                _attach_to_default_site(page)
                # The page cached the site's old root when it worked out its URL.
                page.__dict__.pop("_wagtail_cached_site_root_paths", None)
                outcome = replace(outcome, url=page.get_url() or "")
        outcomes.append(outcome)

    outcomes.extend(_load_redirect(spec, loaded) for spec in REDIRECTS)
    return outcomes


# --- Pages -----------------------------------------------------------------------


def _load_page(spec: SeedPage, loaded: dict) -> tuple[Outcome, Page | None]:
    title = spec.fields["title"]
    record = SeedRecord.objects.filter(key=spec.key).select_related("page").first()
    model = apps.get_model(spec.model)
    print_ = fingerprint({"model": spec.model, "fields": spec.fields})

    if record is None:
        parent = _tree_root() if spec.parent is None else loaded.get(spec.parent)
        if parent is None:
            return Outcome(spec.key, title, "no_parent"), None
        existing = _existing_page(model, parent, spec)
        if existing is not None:
            return Outcome(spec.key, title, "exists", existing.url or ""), existing
        page = model(owner=_first_administrator())
        _apply_fields(page, spec.fields, loaded)
        parent.add_child(instance=page)
        _publish(page, SeedRecord(key=spec.key), print_)
        return Outcome(spec.key, title, "created", page.url or "", spec.editor_note), page

    if record.page is None:
        return Outcome(spec.key, title, "deleted"), None

    page = record.page.specific
    if touched := _touched_by_editor(page, record):
        return Outcome(spec.key, page.title, touched, page.url or ""), page
    if record.fingerprint == print_:
        return Outcome(spec.key, page.title, "unchanged", page.url or ""), page

    _apply_fields(page, spec.fields, loaded)
    _publish(page, record, print_)
    return Outcome(spec.key, page.title, "updated", page.url or ""), page


def _touched_by_editor(obj, record: SeedRecord) -> str | None:
    """Why the loader must leave this page, film or partner alone, or None if nobody touched it.

    Only the loader's own revision, still live, with nothing in the admin's history
    done by a person, counts as untouched: unpublishing or moving a page makes no
    revision, and the loader must never publish it again or put it back.
    """
    if obj.latest_revision_id != record.revision_id:
        return "edited"
    if not obj.live:
        # Everything the loader makes, it publishes.
        return "unpublished"
    # The film the loader saves as a draft on top of the one it published is the
    # one case where its latest revision is not the live one.
    is_loader_draft = isinstance(obj, Film) and obj.has_unpublished_changes
    if obj.live_revision_id != record.revision_id and not is_loader_draft:
        return "edited"
    if _logged_by_a_person(obj):
        return "touched"
    return None


def _logged_by_a_person(obj) -> bool:
    # The loader's own actions are logged without a user.
    return log_registry.get_logs_for_instance(obj).filter(user__isnull=False).exists()


def _first_administrator():
    """Who owns the pages the loader makes (and gets their review reminders): the site's
    first administrator, if there is one yet; otherwise nobody, until someone assigns
    owners (Pages › select › Assign owner)."""
    return get_user_model().objects.filter(is_superuser=True, is_active=True).order_by("pk").first()


def _tree_root() -> Page:
    """The root of the page tree, cleared of Wagtail's empty 'Welcome' page."""
    root = Page.get_first_root_node()
    welcome = Page.objects.filter(
        depth=2,
        slug="home",
        numchild=0,
        content_type=ContentType.objects.get_for_model(Page),
    ).first()
    if welcome is not None:
        # The default site points at the welcome page; keep the site and move
        # it to the tree root until the home page exists.
        Site.objects.filter(root_page=welcome).update(root_page=root)
        Site.clear_site_root_paths_cache()
        welcome.delete()
        root.refresh_from_db()
    return root


def _existing_page(model, parent: Page, spec: SeedPage) -> Page | None:
    """A page editors made that stands where the seed page would go."""
    if model.max_count == 1 and model.objects.exists():
        return model.objects.first()
    return parent.get_children().filter(slug=spec.fields["slug"]).specific().first()


def _apply_fields(obj, fields: dict, loaded: dict) -> None:
    for name, value in fields.items():
        # StreamField assignment adds block ids to the data it is given; a copy
        # keeps the seed itself (and so its fingerprint) unchanged.
        setattr(obj, name, _resolve(copy.deepcopy(value), loaded))


def _resolve(value, loaded: dict):
    """Replace "@key" references to other seed content with that content's id.

    "@today" becomes today's date: the day the loader wrote the text.
    """
    if value == "@today":
        return localdate().isoformat()
    if isinstance(value, str) and value.startswith("@"):
        target = loaded.get(value[1:])
        return target.pk if target is not None else None
    if isinstance(value, list):
        return [_resolve(item, loaded) for item in value]
    if isinstance(value, dict):
        return {key: _resolve(item, loaded) for key, item in value.items()}
    return value


def _publish(obj, record: SeedRecord, print_: str) -> None:
    revision = obj.save_revision(log_action=True)
    revision.publish()
    _record(obj, record, revision, print_)


def _record(obj, record: SeedRecord, revision, print_: str) -> None:
    if isinstance(obj, Film):
        record.film = obj
    elif isinstance(obj, Partner):
        record.partner = obj
    else:
        record.page = obj
    record.revision = revision
    record.fingerprint = print_
    record.save()


SITE_ADDRESS_KEY = "site-address"


def _attach_to_default_site(home: Page) -> None:
    """Serve the home page at the default site's root, unless editors pointed it elsewhere.

    The site takes its address from BASE_URL, so links the site gives out
    (canonical URLs, the sitemap, the API, shared links) use the public address.
    When BASE_URL changes (`make run PORT=8001`), so does the site's address,
    unless someone has set another in Settings › Sites since the loader did.
    """
    hostname, port = _public_address()
    address = f"{hostname}:{port}"
    record, _ = SeedRecord.objects.get_or_create(key=SITE_ADDRESS_KEY)
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        Site.objects.create(
            hostname=hostname,
            port=port,
            root_page=home,
            is_default_site=True,
            site_name=SITE_NAME,
        )
    else:
        changed = False
        if site.root_page.is_root():
            site.root_page = home
            changed = True
        if not site.site_name:
            site.site_name = SITE_NAME
            changed = True
        # Wagtail's placeholder address, or the one the loader last set, follows BASE_URL;
        # one set in Settings › Sites is kept.
        current = f"{site.hostname}:{site.port}"
        if current != address and current in {"localhost:80", record.fingerprint}:
            site.hostname, site.port = hostname, port
            changed = True
        if changed:
            site.save()
        if f"{site.hostname}:{site.port}" != address:
            return
    record.fingerprint = address
    record.save()


def _public_address() -> tuple[str, int]:
    parts = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    default_port = 443 if parts.scheme == "https" else 80
    return parts.hostname or "localhost", parts.port or default_port


# --- Partner organisations ------------------------------------------------------


def _load_partner(spec: SeedPartner, order: int) -> Outcome:
    fields = {
        "name": spec.name,
        "partner_type": spec.partner_type,
        "website": spec.website,
        "is_member": spec.is_member,
    }
    print_ = fingerprint({"model": "home.Partner", "fields": fields})
    record = SeedRecord.objects.filter(key=spec.key).select_related("partner").first()
    if record is None:
        if Partner.objects.filter(name=spec.name).exists():
            return Outcome(spec.key, spec.name, "exists")
        partner, record, action = Partner(sort_order=order), SeedRecord(key=spec.key), "created"
    elif record.partner is None:
        return Outcome(spec.key, spec.name, "deleted")
    else:
        partner, action = record.partner, "updated"
        if touched := _touched_by_editor(partner, record):
            return Outcome(spec.key, partner.name, touched)
        if record.fingerprint == print_:
            return Outcome(spec.key, partner.name, "unchanged")
    _apply_fields(partner, fields, {})
    partner.save()
    _publish(partner, record, print_)
    return Outcome(spec.key, partner.name, action)


# --- Redirects from the old site's addresses ---------------------------------------


def _load_redirect(spec: SeedRedirect, loaded: dict) -> Outcome:
    """A permanent redirect from an old address to a seed page, following the page if it moves."""
    old_path = Redirect.normalise_path(spec.old_path)
    record = (
        SeedRecord.objects.filter(key=spec.key).select_related("redirect__redirect_page").first()
    )
    target = loaded.get(spec.target)

    def outcome(action: str, page: Page | None = None) -> Outcome:
        leads_to = f" to {page.title}" if page is not None else ""
        url = (page.get_url() or "") if page is not None else ""
        return Outcome(spec.key, f"Redirect from {spec.old_path}{leads_to}", action, url)

    if record is None:
        if target is None:
            return outcome("no_target")
        if Redirect.objects.filter(old_path=old_path).exists():
            return outcome("redirect_exists")
        redirect = Redirect.objects.create(
            old_path=old_path, redirect_page=target, is_permanent=True
        )
        _record_redirect(redirect, SeedRecord(key=spec.key))
        return outcome("created", target)

    redirect = record.redirect
    if redirect is None:
        # A redirect goes with the page it leads to, so it may have gone that way.
        return outcome("deleted" if target is not None else "no_target")
    if _redirect_fingerprint(redirect) != record.fingerprint:
        return outcome("edited", redirect.redirect_page)
    if target is None or (redirect.old_path, redirect.redirect_page_id) == (old_path, target.pk):
        return outcome("unchanged", redirect.redirect_page)

    # The seed itself changed (a corrected address or page): bring it up to date.
    redirect.old_path = old_path
    redirect.redirect_page = target
    redirect.save()
    _record_redirect(redirect, record)
    return outcome("updated", target)


def _redirect_fingerprint(redirect: Redirect) -> str:
    """What an editor can change about a redirect in Settings › Redirects."""
    return fingerprint(
        {
            "old_path": redirect.old_path,
            "site": redirect.site_id,
            "is_permanent": redirect.is_permanent,
            "redirect_page": redirect.redirect_page_id,
            "redirect_page_route_path": redirect.redirect_page_route_path,
            "redirect_link": redirect.redirect_link,
        }
    )


def _record_redirect(redirect: Redirect, record: SeedRecord) -> None:
    record.redirect = redirect
    record.fingerprint = _redirect_fingerprint(redirect)
    record.save()


# --- The strategy film -------------------------------------------------------------

# The site's own explainer, rendered from the seed's words by
# `manage.py render_strategy_film` (home/strategy_film.py) and committed.
STRATEGY_FILM_DIR = Path(__file__).resolve().parent / "seed_files" / "strategy-film"
RENDERED_FILES = {
    "video_file": "strategy-film.mp4",
    "alternative_video_file": "strategy-film.webm",
    "descriptions_file": "strategy-film-descriptions.vtt",
    "chapters_file": "strategy-film-chapters.vtt",
}
RENDERED_POSTER = "strategy-film-poster.png"
RENDERED_TRANSCRIPT = "strategy-film-transcript.txt"
NO_FILES = dict.fromkeys([*RENDERED_FILES, "captions_file"], "")


def _rendered_film() -> dict:
    """The committed film's fields, with file paths where the Film takes a file."""
    try:
        manifest = json.loads((STRATEGY_FILM_DIR / "manifest.json").read_text(encoding="utf-8"))
        transcript = (STRATEGY_FILM_DIR / RENDERED_TRANSCRIPT).read_text(encoding="utf-8")
    except (OSError, ValueError) as error:
        raise SeedError(
            f"The site's own strategy film is missing or damaged in {STRATEGY_FILM_DIR} "
            f"({error}). Restore it from version control, or render it with `make film`."
        ) from None
    return {
        "video_url": "",
        "captions_confirmed": False,
        "has_sound": manifest.get("has_sound", False),
        "transcript": _paragraph_html(transcript),
        "duration": str(round(float(manifest["duration"]))),
        "release_date": manifest["released"],
        "files": RENDERED_FILES,
        # The files themselves: a new render is a new film.
        "renders": {entry["name"]: entry["sha256"] for entry in manifest["files"]},
    }


def _hosted_film(config: FilmSettings) -> dict | None:
    """The film named in the configuration: a YouTube or Vimeo address and its transcript."""
    if not config.url:
        return None
    try:
        parse_video_url(config.url)
    except ValidationError as error:
        message = error.messages[0]
        raise SeedError(f"The strategy film's address {config.url!r}: {message}") from None
    transcript = ""
    if config.transcript_path:
        path = Path(config.transcript_path)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise SeedError(f"Cannot read the strategy film's transcript {path}: {error}") from None
        transcript = _paragraph_html(text)
    return {
        "video_url": config.url,
        "captions_confirmed": config.captions_confirmed,
        "has_sound": True,
        "transcript": transcript,
        "duration": None,
        "release_date": None,
    }


def _paragraph_html(text: str) -> str:
    """Plain text, one paragraph per blank-line-separated block, as rich text."""
    paragraphs = [" ".join(block.split()) for block in text.split("\n\n") if block.strip()]
    return "".join(f"<p>{html.escape(paragraph)}</p>" for paragraph in paragraphs)


def _load_film(spec: SeedFilm, config: FilmSettings) -> tuple[Outcome, Film | None]:
    """Publish the site's own film, or the one configured once it is complete.

    A configured address that still lacks its transcript or captions check is
    saved as a draft on top of the site's own film, which stays on the page.
    """
    rendered = _rendered_film()
    hosted = _hosted_film(config)
    print_ = fingerprint({"model": "home.Film", "rendered": rendered, "hosted": hosted})
    record = SeedRecord.objects.filter(key=spec.key).select_related("film").first()

    is_new = record is None
    if record is None:
        film, record = Film(title=spec.title, live=False), SeedRecord(key=spec.key)
    elif record.film is None:
        return Outcome(spec.key, spec.title, "deleted"), None
    else:
        film = record.film
        if touched := _touched_by_editor(film, record):
            return Outcome(spec.key, film.title, touched), film
        if record.fingerprint == print_:
            return Outcome(spec.key, film.title, "unchanged"), film

    film.title = spec.title
    problems = {}
    if hosted is not None:
        # The poster is the site's own title card either way.
        problems = Film(title=spec.title, **hosted).publish_problems()
        problems.pop("poster", None)
        if not problems:
            _use_hosted_film(film, hosted)
            film.poster = _rendered_poster(film.title)
            if film.pk is None:
                film.save()
            _publish(film, record, print_)
            return Outcome(spec.key, film.title, "created" if is_new else "updated"), film

    _use_rendered_film(film, rendered)
    if film.pk is None:
        film.save()
    _publish(film, record, print_)
    if hosted is None:
        return Outcome(spec.key, film.title, "created" if is_new else "updated"), film

    # Keep showing the site's own film; the configured one waits as a draft.
    _use_hosted_film(film, hosted)
    film.has_unpublished_changes = True
    revision = film.save_revision(log_action=True, clean=False)
    _record(film, record, revision, print_)
    film.refresh_from_db()
    return Outcome(spec.key, film.title, "drafted", note=_film_note(problems)), film


def _use_rendered_film(film: Film, rendered: dict) -> None:
    film.video_url = rendered["video_url"]
    film.captions_confirmed = rendered["captions_confirmed"]
    film.has_sound = rendered["has_sound"]
    film.transcript = rendered["transcript"]
    film.duration = timedelta(seconds=int(rendered["duration"]))
    film.release_date = date.fromisoformat(rendered["release_date"])
    film.captions_file = ""
    for field, name in rendered["files"].items():
        content = (STRATEGY_FILM_DIR / name).read_bytes()
        current = getattr(film, field)
        if not _holds(current, content):
            current.save(name, ContentFile(content), save=False)
    film.poster = _rendered_poster(film.title)


def _holds(stored, content: bytes) -> bool:
    """Whether a film's stored file already has exactly this content."""
    if not stored:
        return False
    try:
        with stored.storage.open(stored.name, "rb") as file:
            return hashlib.sha256(file.read()).digest() == hashlib.sha256(content).digest()
    except OSError:
        return False


def _use_hosted_film(film: Film, hosted: dict) -> None:
    for name, value in {**hosted, **NO_FILES}.items():
        setattr(film, name, value)


def _film_note(problems: dict[str, str]) -> str:
    needed = []
    if "transcript" in problems:
        needed.append("a transcript (LAHP_STRATEGY_FILM_TRANSCRIPT, a text file)")
    if "captions_confirmed" in problems:
        needed.append("a check of its captions (LAHP_STRATEGY_FILM_CAPTIONS_CONFIRMED=true)")
    return (
        "The site keeps showing its own film. The film at the configured address is saved "
        "as a draft and still needs " + "; ".join(needed or ["completing"]) + ". Complete it "
        "in Snippets › Films, or set those and run the loader again."
    )


def _rendered_poster(title: str):
    """The film's title card as its poster: drawn here, never fetched from a video host."""
    image_model = get_image_model()
    content = (STRATEGY_FILM_DIR / RENDERED_POSTER).read_bytes()
    file_hash = hashlib.sha1(content).hexdigest()
    existing = image_model.objects.filter(file_hash=file_hash).first()
    if existing is not None:
        return existing
    return image_model.objects.create(
        title=f"{title}: the film's title card",
        file=ImageFile(io.BytesIO(content), name=RENDERED_POSTER),
        file_hash=file_hash,
    )
