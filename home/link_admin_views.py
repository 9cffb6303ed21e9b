"""Admin screens about links between pages.

Wagtail's delete and unpublish confirmations, extended: both list every page
that links to the page (and where on it), and deleting offers a redirect to a
page that replaces it. Only administrators reach the delete screen at all.
Also the Broken links report.
"""

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path

from wagtail import hooks
from wagtail.actions.delete_page import DeletePageAction
from wagtail.admin import messages
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views.pages.delete import DeleteView
from wagtail.admin.views.pages.unpublish import UnpublishView
from wagtail.admin.views.pages.utils import type_to_delete_confirmation
from wagtail.admin.widgets import AdminPageChooser
from wagtail.models import Page
from wagtail.permissions import page_permission_policy

from home.links import (
    DeletionRedirects,
    broken_links,
    old_addresses,
    redirect_deleted_page,
    referrers_to,
)

ONLY_ADMINISTRATORS_MESSAGE = (
    "Only site administrators can delete pages. To take a page off the website, "
    "unpublish it (publishers can), or ask an administrator to delete it."
)


class RedirectOnDeleteForm(forms.Form):
    redirect_to = forms.ModelChoiceField(
        queryset=Page.objects.filter(depth__gt=1),
        required=False,
        widget=AdminPageChooser(),
        label="Send visitors who follow links to this page to:",
        help_text="Optional. Choose the page that replaces it. Its address, and the "
        "addresses of any pages under it, then lead there with a permanent redirect, so "
        "bookmarks, search engines and other websites' links keep working.",
        error_messages={"invalid_choice": "That page no longer exists. Choose another."},
    )

    def __init__(self, *args, deleting: Page, **kwargs):
        super().__init__(*args, **kwargs)
        self.deleting = deleting

    def clean_redirect_to(self):
        target = self.cleaned_data["redirect_to"]
        if target is None:
            return None
        if target.pk == self.deleting.pk or target.is_descendant_of(self.deleting):
            raise ValidationError("That page is being deleted too. Choose a page that stays.")
        if not target.live:
            raise ValidationError(
                "Visitors cannot see that page: it is not published. Choose a published page."
            )
        return target.specific


def deletion_message(title: str, target, redirects: DeletionRedirects | None, linked: int):
    message = f"Page '{title}' deleted."
    if redirects is not None:
        addresses = ", ".join(redirects.paths)
        where = "its address" if len(redirects.paths) == 1 else "its pages' addresses"
        message += (
            f" Visitors who follow links to {where} ({addresses}) are now sent to "
            f"'{target.get_admin_display_title()}' ({target.url}) by a permanent redirect."
        )
        if redirects.moved:
            message += (
                f" {redirects.moved} existing redirect{'s' if redirects.moved > 1 else ''} "
                f"that led to it now lead{'' if redirects.moved > 1 else 's'} there too."
            )
    if linked:
        message += (
            f" {linked} page{'s' if linked > 1 else ''} linked to it: edit "
            f"{'them' if linked > 1 else 'it'} to link elsewhere (Reports › Broken links "
            "lists the links)."
        )
    return message


class DeletePageView(DeleteView):
    """Wagtail's delete confirmation, for administrators, with referrers and a redirect."""

    template_name = "home/admin/confirm_delete_page.html"

    def dispatch(self, request, page_id, *args, **kwargs):
        page = get_object_or_404(Page, id=page_id)
        if not request.user.is_superuser:
            messages.error(request, ONLY_ADMINISTRATORS_MESSAGE)
            parent = page.get_parent()
            if parent is None:
                return redirect("wagtailadmin_home")
            return redirect("wagtailadmin_explore", parent.id)
        return super().dispatch(request, page_id, *args, **kwargs)

    def get_redirect_form(self):
        if not hasattr(self, "redirect_form"):
            self.redirect_form = RedirectOnDeleteForm(deleting=self.page)
        return self.redirect_form

    def get_referrers(self):
        if not hasattr(self, "referrers"):
            pages = [self.page, *self.page.get_descendants()]
            self.referrers = referrers_to(pages, self.request.user)
        return self.referrers

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["referrers"] = self.get_referrers()
        context["redirect_form"] = self.get_redirect_form()
        return context

    def post(self, request, *args, **kwargs):
        if self.usage.is_protected:
            raise PermissionDenied
        self.redirect_form = form = RedirectOnDeleteForm(request.POST, deleting=self.page)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(), status=400)
        if not type_to_delete_confirmation(request):
            return self.render_to_response(self.get_context_data())

        # This site does not translate pages (WAGTAIL_I18N_ENABLED is off), so
        # unlike Wagtail's own view there are no translations to delete too.
        title = self.page.get_admin_display_title()
        parent_id = self.page.get_parent().id
        linked = sum(isinstance(referrer.object, Page) for referrer in self.get_referrers())
        target = form.cleaned_data["redirect_to"]
        redirects = None
        if target is not None:
            # Before the deletion: its addresses, and the redirects that would go with it.
            pages = self.page.get_descendants(inclusive=True)
            redirects = redirect_deleted_page(
                old_addresses(self.page), list(pages.values_list("pk", flat=True)), target
            )
        DeletePageAction(self.page, user=request.user).execute(skip_permission_checks=True)
        messages.success(request, deletion_message(title, target, redirects, linked))

        for fn in hooks.get_hooks("after_delete_page"):
            result = fn(request, self.page)
            if hasattr(result, "status_code"):
                return result
        if self.next_url:
            return redirect(self.next_url)
        return redirect("wagtailadmin_explore", parent_id)


class UnpublishPageView(UnpublishView):
    """Wagtail's unpublish confirmation, listing what links to the page."""

    template_name = "home/admin/confirm_unpublish_page.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["referrers"] = referrers_to([self.object], self.request.user)
        return context


# Served ahead of the admin's own routes for the same addresses (see the
# project's urls.py), so every link Wagtail makes to these screens finds them.
page_action_urls = [
    path(
        "pages/<int:page_id>/delete/",
        require_admin_access(DeletePageView.as_view()),
        name="site_page_delete",
    ),
    path(
        "pages/<int:page_id>/unpublish/",
        require_admin_access(UnpublishPageView.as_view()),
        name="site_page_unpublish",
    ),
]


# --- Reports › Broken links -----------------------------------------------------------


def can_edit_pages(user) -> bool:
    return page_permission_policy.user_has_any_permission(user, {"add", "change", "publish"})


def broken_links_report(request):
    """Links on pages to pages visitors cannot see: deleted or not published."""
    if not can_edit_pages(request.user):
        raise PermissionDenied
    links = broken_links()
    return TemplateResponse(
        request,
        "home/admin/broken_links_report.html",
        {"links": links, "page_count": len({link.page.pk for link in links})},
    )
