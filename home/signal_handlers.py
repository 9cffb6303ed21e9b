from django.db.models.signals import post_delete, post_save
from django.utils.timezone import localdate

from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move, published, unpublished

from home.cache import content_changed
from home.links import connect_signal_handlers as connect_link_handlers
from home.models import Film, Partner, SitePage, SiteSettings


def start_review_cycle(sender, instance, **kwargs):
    """A page published for the first time counts as reviewed that day."""
    if isinstance(instance, SitePage) and instance.next_review_due is None:
        instance.record_review(localdate())


def page_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page):
        content_changed()


def settings_saved(sender, instance, created, **kwargs):
    # A site's settings are created, with their defaults, the first time a page
    # asks for them: that changes nothing anyone sees.
    if not created:
        content_changed()


def register_signal_handlers():
    page_published.connect(start_review_cycle, dispatch_uid="lahp_start_review_cycle")
    connect_link_handlers()

    # Whatever visitors could see change retires everything kept from the content.
    for signal in (page_published, page_unpublished, post_page_move, published, unpublished):
        signal.connect(content_changed, dispatch_uid=f"lahp_content_changed_{id(signal)}")
    post_delete.connect(page_deleted, dispatch_uid="lahp_content_changed_page_deleted")
    post_save.connect(settings_saved, sender=SiteSettings, dispatch_uid="lahp_settings_saved")
    post_delete.connect(content_changed, sender=SiteSettings, dispatch_uid="lahp_settings_gone")
    for model in (
        Film,
        Partner,
        Site,
        PageViewRestriction,
        Redirect,
        get_image_model(),
        get_document_model(),
    ):
        for signal in (post_save, post_delete):
            signal.connect(
                content_changed,
                sender=model,
                dispatch_uid=f"lahp_content_changed_{model._meta.label}_{id(signal)}",
            )
