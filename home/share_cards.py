"""Share cards: the picture social media and messaging apps show when a page is shared.

Each public page gets a 1200 × 630 card with the wordmark, its section and its
title, unless an editor chose a share image for it. A card's address carries
a short hash of its words, so a changed title gives a new address (and a new
picture in every app that caches the old one), while the old address
redirects to the new one.
"""

import hashlib
import io

from django.urls import reverse

from wagtail.models import Page

from home.cards import SHARE_CARD_SIZE, share_card
from home.navigation import SiteStructure

# Bump when the card's design changes, so every card is drawn again.
DESIGN_VERSION = 1
STORAGE_FOLDER = "share-cards"


def section_label(page: Page, structure: SiteStructure) -> str:
    """The title of the top-level section the page is in, e.g. "Our programmes".

    Empty for the home page and the top-level pages themselves. Uses the site
    structure already fetched for the menu: no query.
    """
    for section in structure.top_level:
        if page.path.startswith(section.path) and page.depth > section.depth:
            return section.title
    return ""


def card_version(title: str, section: str, site_name: str) -> str:
    words = "\n".join([str(DESIGN_VERSION), site_name, section, title])
    return hashlib.sha256(words.encode()).hexdigest()[:12]


def card_url(page_id: int, title: str, section: str, site_name: str) -> str:
    return reverse("share_card", args=[page_id, card_version(title, section, site_name)])


def card_alt_text(title: str, section: str, site_name: str) -> str:
    return " – ".join(part for part in (title, section, site_name) if part)


def storage_name(page_id: int, version: str) -> str:
    return f"{STORAGE_FOLDER}/{page_id}-{version}.png"


def draw_png(title: str, section: str, site_name: str) -> bytes:
    image = share_card(title, section, site_name)
    assert image.size == SHARE_CARD_SIZE
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
