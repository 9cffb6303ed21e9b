"""Links between pages: who links to a page, which links are broken, redirects on delete.

Everything here reads Wagtail's reference index, which records every link a
page's content makes: page choices in blocks (such as a call to action), page
links in rich text, and chosen pages in fields (such as a programme's aims).
"""

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Exists, IntegerField, OuterRef
from django.db.models.functions import Cast
from django.db.models.signals import pre_delete
from django.utils.text import capfirst

from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.utils import get_latest_str
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, PageLogEntry, ReferenceIndex


def describe_place(reference: ReferenceIndex) -> str:
    """Where on its page a link is, in the editor's words: "Body → Call to action"."""
    try:
        return reference.describe_source_field()
    except (LookupError, ValueError, AttributeError):
        # A block or field that no longer exists in the page type's definition.
        return reference.model_path


@dataclass
class Referrer:
    """Something that links to a page: usually another page."""

    object: object
    title: str
    kind: str
    edit_url: str | None
    live: bool | None
    places: list[str] = field(default_factory=list)


def _page_content_type() -> ContentType:
    return ContentType.objects.get_for_model(Page)


def referrers_to(pages, user) -> list[Referrer]:
    """Everything that links to any of `pages`, other than those pages themselves.

    Each referrer says where its links are; a link to one of the other pages
    (a child page being deleted with its parent) names that page too.
    """
    pages = list(pages)
    if not pages:
        return []
    titles = {str(page.pk): page.get_admin_display_title() for page in pages}
    first_id = str(pages[0].pk)
    references = ReferenceIndex.objects.filter(
        to_content_type=_page_content_type(), to_object_id__in=list(titles)
    ).exclude(base_content_type=_page_content_type(), object_id__in=list(titles))
    finder = AdminURLFinder(user)
    referrers = []
    for source, source_references in references.group_by_source_object():
        places = []
        for reference in source_references:
            place = describe_place(reference)
            if reference.to_object_id != first_id:
                place += f" (links to “{titles[reference.to_object_id]}”)"
            if place not in places:
                places.append(place)
        is_page = isinstance(source, Page)
        model = (source.specific_class or Page) if is_page else type(source)
        referrers.append(
            Referrer(
                object=source,
                title=source.get_admin_display_title() if is_page else get_latest_str(source),
                kind=capfirst(model._meta.verbose_name),
                edit_url=finder.get_edit_url(source),
                live=source.live if is_page else None,
                places=places,
            )
        )
    # Wagtail's index leaves out redirects; they are deleted with their page.
    for redirect in Redirect.objects.filter(redirect_page_id__in=[page.pk for page in pages]):
        place = "Redirects to it"
        if redirect.redirect_page_id != pages[0].pk:
            place += f" (to “{titles[str(redirect.redirect_page_id)]}”)"
        referrers.append(
            Referrer(
                object=redirect,
                title=f"Redirect from {redirect.old_path}",
                kind="Redirect",
                edit_url=finder.get_edit_url(redirect),
                live=None,
                places=[place],
            )
        )
    return sorted(referrers, key=lambda referrer: (referrer.kind == "Redirect", referrer.title))


@dataclass
class BrokenLink:
    """A link on a page to a page visitors cannot see: deleted or not published."""

    page: Page
    place: str
    target_id: int
    target: Page | None  # None when the page was deleted
    deleted_title: str = ""
    deleted_at: object = None

    @property
    def problem(self) -> str:
        if self.target is None:
            return "Deleted"
        if self.target.first_published_at is None:
            return "Never published"
        return "Unpublished"


def broken_links() -> list[BrokenLink]:
    """Every link from a page to a page that was deleted or is not published, by page title."""
    page_type = _page_content_type()
    live_target = Page.objects.filter(
        live=True, pk=Cast(OuterRef("to_object_id"), output_field=IntegerField())
    )
    references = list(
        ReferenceIndex.objects.filter(to_content_type=page_type, base_content_type=page_type)
        .exclude(Exists(live_target))
        .order_by("object_id", "model_path", "to_object_id")
    )
    if not references:
        return []
    target_ids = {int(reference.to_object_id) for reference in references}
    source_ids = {int(reference.object_id) for reference in references}
    targets = Page.objects.in_bulk(target_ids)
    sources = Page.objects.filter(pk__in=source_ids).specific().in_bulk()
    deletions = {
        entry.page_id: entry
        for entry in PageLogEntry.objects.filter(
            action="wagtail.delete", page_id__in=target_ids - set(targets)
        ).order_by("timestamp")
    }
    links = []
    seen = set()
    for reference in references:
        source = sources.get(int(reference.object_id))
        target_id = int(reference.to_object_id)
        place = describe_place(reference)
        if source is None or (source.pk, place, target_id) in seen:
            continue
        seen.add((source.pk, place, target_id))
        deletion = deletions.get(target_id)
        links.append(
            BrokenLink(
                page=source,
                place=place,
                target_id=target_id,
                target=targets.get(target_id),
                deleted_title=deletion.label if deletion else "",
                deleted_at=deletion.timestamp if deletion else None,
            )
        )
    return sorted(links, key=lambda link: (link.page.title.lower(), link.page.pk, link.place))


# --- Keeping links to deleted pages in the index ------------------------------------


def _remember_referrers(sender, instance, **kwargs):
    """Before a page is deleted, note what links to it, to index those links again after.

    Wagtail forgets every link to a deleted page. Indexing the referring pages
    again once the deletion is committed records their links to it once more
    (a call to action remembers the missing page, rich text keeps its id), so
    the Broken links report can list them.
    """
    referrers = set(
        ReferenceIndex.get_references_to(instance).values_list("content_type_id", "object_id")
    )
    if referrers:
        transaction.on_commit(lambda: _index_again(referrers))


def _index_again(referrers):
    for content_type_id, object_id in referrers:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        source = model._default_manager.filter(pk=object_id).first() if model else None
        if source is not None and ReferenceIndex.is_indexed(type(source)):
            ReferenceIndex.create_or_update_for_object(source)


def connect_signal_handlers():
    pre_delete.connect(_remember_referrers, sender=Page, dispatch_uid="lahp_remember_referrers")


# --- Redirects when a page is deleted -----------------------------------------------


@dataclass
class DeletionRedirects:
    """The redirects made when a page was deleted, for the message that says so."""

    paths: list[str]
    moved: int  # existing redirects that led to the deleted pages and now lead to the target


def old_addresses(page: Page) -> list[tuple[int, str]]:
    """(site id, path) of the page and each page under it, as visitors knew them."""
    addresses = []
    for each in page.get_descendants(inclusive=True).specific(defer=True):
        parts = each.get_url_parts()
        if parts is None:
            continue
        site_id, _root_url, path = parts
        if path:
            addresses.append((site_id, path))
    return addresses


def redirect_deleted_page(
    addresses: list[tuple[int, str]], deleted_ids: list[int], target: Page
) -> DeletionRedirects:
    """Send the deleted pages' addresses, and the redirects that led to them, to `target`.

    Call it with the addresses taken before the deletion, and before the
    deletion itself: redirects to a page are deleted with it otherwise.
    """
    moved = Redirect.objects.filter(redirect_page_id__in=deleted_ids).update(
        redirect_page=target, redirect_page_route_path="", automatically_created=False
    )
    for site_id, path in addresses:
        Redirect.objects.update_or_create(
            old_path=Redirect.normalise_path(path),
            site_id=site_id,
            defaults={
                "redirect_page": target,
                "redirect_page_route_path": "",
                "redirect_link": "",
                "is_permanent": True,
                "automatically_created": False,
            },
        )
    return DeletionRedirects(paths=[path for _site, path in addresses], moved=moved)
