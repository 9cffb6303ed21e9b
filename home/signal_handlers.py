from django.utils.timezone import localdate

from wagtail.signals import page_published

from home.links import connect_signal_handlers as connect_link_handlers
from home.models import SitePage


def start_review_cycle(sender, instance, **kwargs):
    """A page published for the first time counts as reviewed that day."""
    if isinstance(instance, SitePage) and instance.next_review_due is None:
        instance.record_review(localdate())


def register_signal_handlers():
    page_published.connect(start_review_cycle, dispatch_uid="lahp_start_review_cycle")
    connect_link_handlers()
