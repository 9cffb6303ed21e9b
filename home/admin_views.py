"""Admin screens for content review: the report, and confirming a page's review."""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme

from wagtail.admin.views.pages.bulk_actions.page_bulk_action import PageBulkAction
from wagtail.models import Page

from home.models import SitePage
from home.reviews import DUE_SOON_DAYS, confirm_review, pages_due


def admin_users():
    """People who can sign in to the admin, and so can own pages."""
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(
            Q(is_superuser=True)
            | Q(groups__permissions__codename="access_admin")
            | Q(user_permissions__codename="access_admin")
        )
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


class OwnerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return user.get_full_name() or user.get_username()


class ReportFilterForm(forms.Form):
    owner = OwnerChoiceField(queryset=admin_users(), required=False, empty_label="Anyone")


def content_review_report(request):
    """Pages whose review is overdue or due within 30 days, optionally for one owner."""
    form = ReportFilterForm(request.GET or None)
    owner = form.cleaned_data["owner"] if form.is_valid() else None
    pages = pages_due(owner=owner)
    for page in pages:
        # Only those who may confirm a review are offered the button.
        page.can_review = page.permissions_for_user(request.user).can_publish()
    return TemplateResponse(
        request,
        "home/admin/content_review_report.html",
        {
            "form": form,
            "pages": pages,
            "due_soon_days": DUE_SOON_DAYS,
            "overdue_count": sum(page.review_overdue for page in pages),
        },
    )


class ReviewForm(forms.Form):
    owner = OwnerChoiceField(
        queryset=admin_users(),
        required=False,
        empty_label="Nobody yet",
        help_text="The person who keeps this page accurate. They are emailed when its "
        "review falls due.",
    )
    confirmed = forms.BooleanField(
        required=False,
        label="I have checked this page and it is accurate and up to date",
        help_text="Sets 'Page last reviewed' to today and the next review one review "
        "interval from now.",
    )


def review_page(request, page_id):
    """Confirm a page's review and choose its owner. Publishers only."""
    page = get_object_or_404(Page, pk=page_id).specific
    if not isinstance(page, SitePage):
        raise PermissionDenied
    if not page.permissions_for_user(request.user).can_publish():
        raise PermissionDenied

    next_url = request.GET.get("next") or request.POST.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = ""

    if request.method == "POST":
        form = ReviewForm(request.POST)
        if form.is_valid():
            owner = form.cleaned_data["owner"]
            if owner != page.owner:
                # Ownership belongs to the page, not to a revision of it.
                Page.objects.filter(pk=page.pk).update(owner=owner)
                page.owner = owner
            if form.cleaned_data["confirmed"]:
                confirm_review(page, request.user)
                messages.success(
                    request,
                    f"Review of '{page.get_admin_display_title()}' confirmed. Next review "
                    f"due {page.next_review_due:%-d %B %Y}.",
                )
            else:
                messages.success(request, f"Owner of '{page.get_admin_display_title()}' saved.")
            return redirect(next_url or "content_review_report")
    else:
        form = ReviewForm(initial={"owner": page.owner})

    return TemplateResponse(
        request,
        "home/admin/review_page.html",
        {"page": page, "form": form, "next": next_url},
    )


class AssignOwnerForm(forms.Form):
    owner = OwnerChoiceField(
        queryset=admin_users(),
        required=False,
        empty_label="Nobody",
        label="New owner",
        help_text="The person who keeps these pages accurate. They are emailed when a "
        "page's review falls due.",
    )


class AssignOwnerBulkAction(PageBulkAction):
    """Pages › select pages › Assign owner: give many pages one owner at once."""

    display_name = "Assign owner"
    action_type = "assign_owner"
    aria_label = "Assign an owner to the selected pages"
    template_name = "home/admin/confirm_bulk_assign_owner.html"
    action_priority = 60
    form_class = AssignOwnerForm

    def check_perm(self, page):
        # As on the review screen: those who confirm reviews choose owners.
        return page.permissions_for_user(self.request.user).can_publish()

    def get_execution_context(self):
        return {"owner": self.cleaned_form.cleaned_data["owner"]}

    @classmethod
    def execute_action(cls, objects, owner=None, **kwargs):
        # Ownership belongs to the page, not to a revision of it.
        changed = Page.objects.filter(pk__in=[page.pk for page in objects]).update(owner=owner)
        return changed, 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        owner = self.cleaned_form.cleaned_data["owner"]
        who = (owner.get_full_name() or owner.get_username()) if owner else "nobody"
        pages = "1 page" if num_parent_objects == 1 else f"{num_parent_objects} pages"
        return f"{pages} now owned by {who}."
