"""Builds and publishes the page tree from home/seed_content.py.

Safe to run any number of times. Each page the loader publishes is recorded
(SeedRecord) with the revision it published, so on later runs it can tell:

- a page nobody has touched since: left as it is, or brought up to date if
  the seed content itself has since been corrected;
- a page an editor has changed (a newer revision, even a draft): left alone;
- a page an editor has deleted: not brought back.
"""

import copy
import hashlib
import json
from dataclasses import dataclass, replace

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from wagtail.models import Page, Site

from .models import SeedRecord
from .seed_content import PAGES, SITE_NAME, SeedPage


@dataclass(frozen=True)
class Outcome:
    key: str
    title: str
    action: str  # one of the ACTIONS keys
    url: str = ""
    note: str = ""

    @property
    def changed(self) -> bool:
        return self.action in {"created", "updated"}

    def describe(self) -> str:
        where = f" ({self.url})" if self.url else ""
        line = f"{ACTIONS[self.action]}: {self.title}{where}"
        return f"{line}\n    Note for editors: {self.note}" if self.note else line


ACTIONS = {
    "created": "Created and published",
    "updated": "Updated to the corrected seed content",
    "unchanged": "Already up to date",
    "edited": "Left alone, changed in the admin since it was loaded",
    "deleted": "Not recreated, deleted in the admin",
    "exists": "Left alone, a page not made by the loader is already there",
    "no_parent": "Not created, the page it belongs under is missing",
}


def fingerprint(spec: SeedPage) -> str:
    data = json.dumps({"model": spec.model, "fields": spec.fields}, sort_keys=True)
    return hashlib.sha256(data.encode()).hexdigest()


@transaction.atomic
def load_seed_content() -> list[Outcome]:
    """Create, publish or bring up to date every seed page; return what happened to each."""
    pages: dict[str, Page] = {}
    outcomes = []
    for spec in PAGES:
        outcome, page = _load_page(spec, pages)
        if page is not None:
            pages[spec.key] = page
            if spec.parent is None:
                _attach_to_default_site(page)
                # The page cached the site's old root when it worked out its URL.
                page.__dict__.pop("_wagtail_cached_site_root_paths", None)
                outcome = replace(outcome, url=page.get_url() or "")
        outcomes.append(outcome)
    return outcomes


def _load_page(spec: SeedPage, pages: dict[str, Page]) -> tuple[Outcome, Page | None]:
    title = spec.fields["title"]
    record = SeedRecord.objects.filter(key=spec.key).select_related("page").first()
    model = apps.get_model(spec.model)

    if record is None:
        parent = _tree_root() if spec.parent is None else pages.get(spec.parent)
        if parent is None:
            return Outcome(spec.key, title, "no_parent"), None
        existing = _existing_page(model, parent, spec)
        if existing is not None:
            return Outcome(spec.key, title, "exists", existing.url or ""), existing
        page = _create(model, parent, spec)
        return Outcome(spec.key, title, "created", page.url or "", spec.editor_note), page

    if record.page is None:
        return Outcome(spec.key, title, "deleted"), None

    page = record.page.specific
    if page.latest_revision_id != record.revision_id:
        return Outcome(spec.key, page.title, "edited", page.url or ""), page
    if record.fingerprint == fingerprint(spec):
        return Outcome(spec.key, page.title, "unchanged", page.url or ""), page

    _apply_fields(page, spec)
    _publish(page, spec, record)
    return Outcome(spec.key, page.title, "updated", page.url or ""), page


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


def _create(model, parent: Page, spec: SeedPage) -> Page:
    page = model()
    _apply_fields(page, spec)
    parent.add_child(instance=page)
    _publish(page, spec, SeedRecord(key=spec.key))
    return page


def _apply_fields(page: Page, spec: SeedPage) -> None:
    for name, value in spec.fields.items():
        # StreamField assignment adds block ids to the data it is given; a copy
        # keeps the seed itself (and so its fingerprint) unchanged.
        setattr(page, name, copy.deepcopy(value))


def _publish(page: Page, spec: SeedPage, record: SeedRecord) -> None:
    revision = page.save_revision(log_action=True)
    revision.publish()
    record.page = page
    record.revision = revision
    record.fingerprint = fingerprint(spec)
    record.save()


def _attach_to_default_site(home: Page) -> None:
    """Serve the home page at the default site's root, unless editors pointed it elsewhere."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=home,
            is_default_site=True,
            site_name=SITE_NAME,
        )
        return
    changed = False
    if site.root_page.is_root():
        site.root_page = home
        changed = True
    if not site.site_name:
        site.site_name = SITE_NAME
        changed = True
    if changed:
        site.save()
