from django.http import Http404
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.timezone import localdate, now

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.admin.ui.tables import BooleanColumn, UpdatedAtColumn
from wagtail.admin.userbar import ContentCheckerItem
from wagtail.admin.views.pages.workflow import WorkflowActionView as PageWorkflowActionView
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.permissions import page_permission_policy, register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet
from wagtail.snippets.views.snippets import WorkflowActionView as SnippetWorkflowActionView

from home import admin_views, link_admin_views, sign_off
from home.models import Film, Partner, SitePage
from home.permissions import DeletingNeedsPermissionPolicy
from home.reviews import REVIEW_ACTION, overdue_pages
from home.scheduling import OVERDUE_AFTER, late_changes, scheduled_snippet_models

# Only publishers and administrators delete images and documents (home/permissions.py).
# For the exact models, so these win over the policies Wagtail's apps register
# whichever registers first.
register_permission_policy(
    get_image_model(),
    DeletingNeedsPermissionPolicy(
        get_image_model(), auth_model="wagtailimages.Image", owner_field_name="uploaded_by_user"
    ),
    exact_class=True,
)
register_permission_policy(
    get_document_model(),
    DeletingNeedsPermissionPolicy(
        get_document_model(),
        auth_model="wagtaildocs.Document",
        owner_field_name="uploaded_by_user",
    ),
    exact_class=True,
)


# After Wagtail's own check of private collections (order 0), so that a private
# document's visitors learn nothing about it, not even that its file is missing.
@hooks.register("before_serve_document", order=100)
def refuse_documents_whose_file_is_missing(document, request):
    """A document whose file has gone from storage is not found, not a server error."""
    try:
        present = document.file.storage.exists(document.file.name)
    except OSError:
        present = False
    if not present:
        raise Http404("This document's file is missing. Editors can upload it again.")


class SnippetSignOffActionView(sign_off.SaysWhatHappened, SnippetWorkflowActionView):
    pass


class FilmViewSet(SnippetViewSet):
    model = Film
    workflow_action_view_class = SnippetSignOffActionView
    icon = "media"
    menu_label = "Films"
    list_display = ["title", BooleanColumn("is_playable", label="Has a video"), UpdatedAtColumn()]
    list_filter = ["live"]
    search_fields = ["title"]


register_snippet(FilmViewSet)


class PartnerViewSet(SnippetViewSet):
    model = Partner
    workflow_action_view_class = SnippetSignOffActionView
    icon = "group"
    menu_label = "Partners"
    list_display = ["name", "partner_type", UpdatedAtColumn()]
    list_filter = ["partner_type", "live"]
    search_fields = ["name"]
    sort_order_field = "sort_order"


register_snippet(PartnerViewSet)


# --- Sign-off messages ----------------------------------------------------------------


class PageSignOffActionView(sign_off.SaysWhatHappened, PageWorkflowActionView):
    pass


class SitePageViewSet(PageViewSet):
    """Wagtail's views for every page type, with a sign-off action that says what it did.

    It takes the place of Wagtail's default page viewset (registered at order -1);
    put any other change to the page views here too, as only one can be in place."""

    model = Page
    workflow_action_view_class = PageSignOffActionView


@hooks.register("register_admin_viewset")
def register_site_page_viewset():
    return SitePageViewSet("site_pages")


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
@hooks.register("after_create_snippet")
@hooks.register("after_edit_snippet")
def say_what_sign_off_did(request, obj):
    sign_off.after_editing(request, obj)


@hooks.register("before_edit_page")
@hooks.register("before_edit_snippet")
def show_requested_changes(request, obj):
    sign_off.before_editing(request, obj)


# --- Content review ------------------------------------------------------------------


@hooks.register("register_admin_urls")
def content_review_urls():
    return [
        path("content-review/", admin_views.content_review_report, name="content_review_report"),
        path(
            "content-review/<int:page_id>/",
            admin_views.review_page,
            name="content_review_page",
        ),
    ]


@hooks.register("register_reports_menu_item")
def content_review_menu_item():
    return MenuItem(
        "Content review",
        reverse("content_review_report"),
        name="content-review",
        icon_name="calendar-check",
        order=650,
    )


class ReviewPageButton(PageMenuItem):
    label = "Confirm review"
    icon_name = "calendar-check"

    @cached_property
    def url(self):
        return reverse("content_review_page", args=[self.page.pk])

    def is_shown(self, user):
        return isinstance(self.page.specific_deferred, SitePage) and (
            self.page.permissions_for_user(user).can_publish()
        )


@hooks.register("register_page_header_buttons")
def review_header_button(page, user, view_name, next_url=None):
    yield ReviewPageButton(page=page, priority=62)


@hooks.register("register_page_listing_more_buttons")
def review_listing_button(page, user, next_url=None):
    yield ReviewPageButton(page=page, priority=55)


@hooks.register("after_edit_page")
def save_next_review_date(request, page):
    """A publisher's change to the next review date (Settings tab) applies at once.

    The date is a fact about the page, not part of a revision, so publishing a
    revision never moves it (SitePage.with_content_json); it is saved here.
    """
    if not isinstance(page, SitePage) or not page.permissions_for_user(request.user).can_publish():
        return
    stored = type(page).objects.filter(pk=page.pk).values_list("next_review_due", flat=True).first()
    if page.next_review_due != stored:
        page.set_next_review_due(page.next_review_due)


hooks.register("register_bulk_action", admin_views.AssignOwnerBulkAction)


@hooks.register("register_log_actions")
def register_review_log_action(actions):
    actions.register_action(REVIEW_ACTION, "Confirm review", "Confirmed the page is accurate")


class OverdueReviewsPanel(Component):
    """The dashboard's list of the signed-in person's pages that are overdue for review."""

    name = "overdue_reviews"
    template_name = "home/admin/overdue_reviews_panel.html"
    order = 150

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        return {"pages": overdue_pages(owner=request.user), "today": localdate()}


@hooks.register("construct_homepage_panels")
def add_overdue_reviews_panel(request, panels):
    panels.append(OverdueReviewsPanel())


# --- Scheduled publishing ------------------------------------------------------------


def can_publish_anything(user) -> bool:
    return page_permission_policy.user_has_permission(user, "publish") or any(
        user.has_perm(f"{model._meta.app_label}.publish_{model._meta.model_name}")
        for model in scheduled_snippet_models()
    )


class LateSchedulePanel(Component):
    """The dashboard's warning, for those who publish, that scheduled changes are not happening.

    A scheduler checks every minute, so anything this late means none is running.
    """

    name = "late_schedule"
    template_name = "home/admin/late_schedule_panel.html"
    order = 50  # above everything else: visitors are seeing the wrong version

    def get_context_data(self, parent_context):
        current_time = now()
        return {
            "changes": late_changes(current_time),
            "now": current_time,
            "grace_minutes": int(OVERDUE_AFTER.total_seconds() // 60),
        }


@hooks.register("construct_homepage_panels")
def add_late_schedule_panel(request, panels):
    if can_publish_anything(request.user):
        panels.append(LateSchedulePanel())


# --- Helping editors write well ------------------------------------------------------


@hooks.register("insert_editor_js")
def character_count_js():
    return format_html('<script src="{}" defer></script>', static("js/admin/character-count.js"))


class SiteContentChecker(ContentCheckerItem):
    """The editor's 'Checks' panel and the userbar checker, with this site's rules.

    Wagtail's defaults (alt text quality, heading order, empty headings, link
    and button names, frame titles, empty meta description) plus checks for
    missing alt text, and lists and landmarks built wrongly.
    """

    axe_run_only = [
        *ContentCheckerItem.axe_run_only,
        "image-alt",
        "list",
        "listitem",
        "definition-list",
        "duplicate-id-aria",
    ]
    axe_messages = {
        **ContentCheckerItem.axe_messages,
        "image-alt": {
            "error_name": "Image has no alt text",
            "help_text": "Describe the image, or mark it as decorative",
        },
    }


@hooks.register("construct_wagtail_userbar")
def use_site_content_checker(request, items, page=None):
    items[:] = [
        SiteContentChecker(in_editor=item.in_editor)
        if isinstance(item, ContentCheckerItem) and not isinstance(item, SiteContentChecker)
        else item
        for item in items
    ]


# --- Deleting pages and broken links -------------------------------------------------
# Only administrators delete pages (home/permissions.py); the delete and unpublish
# screens list what links to a page (home/link_admin_views.py).


@hooks.register("register_admin_urls")
def broken_links_urls():
    return [
        path("broken-links/", link_admin_views.broken_links_report, name="broken_links_report"),
    ]


class BrokenLinksMenuItem(MenuItem):
    def is_shown(self, request):
        return link_admin_views.can_edit_pages(request.user)


@hooks.register("register_reports_menu_item")
def broken_links_menu_item():
    return BrokenLinksMenuItem(
        "Broken links",
        reverse("broken_links_report"),
        name="broken-links",
        icon_name="link",
        order=660,
    )
