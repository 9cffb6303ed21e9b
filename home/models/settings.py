from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils.timezone import localdate

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.images import get_image_model_string

from home.blocks import SocialLinkBlock


@register_setting(icon="cog")
class SiteSettings(BaseSiteSetting):
    """Facts about the partnership that appear across the site, edited in one place."""

    select_related = ["default_share_image", "logo"]

    organisation_name = models.CharField(
        max_length=150,
        default=settings.WAGTAIL_SITE_NAME,
        help_text="Shown in the header, the footer and browser tabs.",
    )
    contact_email = models.EmailField(
        blank=True,
        help_text="The address visitors should write to. Shown in the footer.",
    )
    security_contact_review_date = models.DateField(
        "security contact valid until",
        null=True,
        blank=True,
        help_text="The date security researchers should stop trusting the contact email in "
        "/.well-known/security.txt. Set to a year ahead when the email is first saved; "
        "check the address and move the date on before then.",
    )
    postal_address = models.TextField(
        blank=True,
        help_text="Shown in the footer, one line per line of the address.",
    )
    footer_text = models.TextField(
        blank=True,
        max_length=500,
        help_text="A short note at the foot of every page, for example how the partnership "
        "is funded.",
    )
    social_links = StreamField(
        [("link", SocialLinkBlock())],
        blank=True,
        max_num=8,
        help_text="The partnership's accounts on social media, shown in the footer.",
    )
    logo = models.ForeignKey(
        get_image_model_string(),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The partnership's logo. Search engines may show it beside the site's name.",
    )
    default_share_image = models.ForeignKey(
        get_image_model_string(),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown when a screen that is not a page, such as search results, is shared "
        "on social media. Pages show their own share image or a card made from their title. "
        "Wide images (about 1200 × 630) work best.",
    )

    panels = [
        FieldPanel("organisation_name"),
        MultiFieldPanel(
            [
                FieldPanel("contact_email"),
                FieldPanel("security_contact_review_date"),
                FieldPanel("postal_address"),
            ],
            heading="Contact details",
        ),
        FieldPanel("footer_text"),
        FieldPanel("social_links"),
        FieldPanel("logo"),
        FieldPanel("default_share_image"),
    ]

    class Meta:
        verbose_name = "site settings"
        verbose_name_plural = "site settings"

    def __str__(self):
        return self.organisation_name

    def save(self, *args, **kwargs):
        # security.txt must say when it expires (RFC 9116), and say the same on every
        # request: a fixed date, a year from when there was first an address to give.
        if self.contact_email and self.security_contact_review_date is None:
            self.security_contact_review_date = localdate() + timedelta(days=365)
        super().save(*args, **kwargs)
