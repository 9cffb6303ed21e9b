"""Content review: which pages are due for a check, and reminding their owners.

Review dates live on each page type's own table (SitePage is abstract, which
keeps public pages to one query each), so these functions ask each type that
holds the fields and merge the answers. The site has a handful of types; the
admin pays a few queries so that visitors pay none.
"""

from collections import defaultdict
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils.timezone import localdate

from wagtail.log_actions import log
from wagtail.models import get_page_models

from home.models import SitePage

DUE_SOON_DAYS = 30
REVIEW_ACTION = "lahp.confirm_review"


def review_models() -> list[type[SitePage]]:
    """Page models whose own table holds the review dates (one per table, no repeats)."""
    return [
        model
        for model in get_page_models()
        if issubclass(model, SitePage)
        and not model._meta.abstract
        and model._meta.get_field("next_review_due").model is model
    ]


def pages_due(*, within_days: int = DUE_SOON_DAYS, owner=None, today: date | None = None):
    """Live pages whose next review is overdue or falls due within `within_days`, soonest first."""
    today = today or localdate()
    limit = today + timedelta(days=within_days)
    pages = []
    for model in review_models():
        queryset = model.objects.live().filter(next_review_due__lte=limit).select_related("owner")
        if owner is not None:
            queryset = queryset.filter(owner=owner)
        pages.extend(queryset)
    return sorted(pages, key=lambda page: (page.next_review_due, page.title))


def overdue_pages(*, owner=None, today: date | None = None):
    today = today or localdate()
    return [
        page
        for page in pages_due(within_days=0, owner=owner, today=today)
        if page.next_review_due < today
    ]


def confirm_review(page: SitePage, user) -> None:
    page.record_review()
    log(instance=page, action=REVIEW_ACTION, user=user)


def send_review_reminders(today: date | None = None) -> int:
    """Email each owner their overdue pages not yet reminded about this cycle.

    Returns the number of pages reminded about. Running it again sends nothing
    more until a page is reviewed and falls due again.
    """
    today = today or localdate()
    by_owner = defaultdict(list)
    for page in overdue_pages(today=today):
        if page.owner is None or not page.owner.email:
            continue
        if page.review_reminder_sent_for == page.next_review_due:
            continue
        by_owner[page.owner].append(page)

    reminded = 0
    for owner, pages in by_owner.items():
        context = {
            "owner": owner,
            "pages": pages,
            "base_url": settings.WAGTAILADMIN_BASE_URL,
            "site_name": settings.WAGTAIL_SITE_NAME,
        }
        send_mail(
            subject=render_to_string("home/emails/review_reminder_subject.txt", context).strip(),
            message=render_to_string("home/emails/review_reminder.txt", context),
            from_email=None,
            recipient_list=[owner.email],
        )
        for page in pages:
            type(page).objects.filter(pk=page.pk).update(
                review_reminder_sent_for=page.next_review_due
            )
        reminded += len(pages)
    return reminded
