from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.timezone import localdate, now

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.admin.ui.tables import BooleanColumn, UpdatedAtColumn
from wagtail.admin.userbar import ContentCheckerItem
from wagtail.permissions import page_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from home import admin_views
from home.models import Film, Partner, SitePage
from home.reviews import REVIEW_ACTION, overdue_pages
from home.scheduling import OVERDUE_AFTER, late_changes, scheduled_snippet_models


class FilmViewSet(SnippetViewSet):
    model = Film
    icon = "media"
    menu_label = "Films"
    list_display = ["title", BooleanColumn("is_playable", label="Has a video"), UpdatedAtColumn()]
    list_filter = ["live"]
    search_fields = ["title"]


register_snippet(FilmViewSet)


class PartnerViewSet(SnippetViewSet):
    model = Partner
    icon = "group"
    menu_label = "Partners"
    list_display = ["name", "partner_type", UpdatedAtColumn()]
    list_filter = ["partner_type", "live"]
    search_fields = ["name"]
    sort_order_field = "sort_order"


register_snippet(PartnerViewSet)


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
