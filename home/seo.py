"""What search engines and social media see of a page: meta tags and schema.org data.

Every URL here is absolute and built from the Site record (Settings › Sites),
which the seed loader points at BASE_URL, so shared links and structured data
name the public address whatever host a request came in on.
"""

import json
import mimetypes
from dataclasses import dataclass
from urllib.parse import urljoin

from bs4 import BeautifulSoup

from django.templatetags.static import static
from django.utils.text import Truncator

from wagtail.images.models import SourceImageIOError
from wagtail.models import Page

from home import share_cards
from home.cards import SHARE_CARD_SIZE
from home.navigation import site_structure

SHARE_IMAGE_SPEC = "fill-1200x630"
# The same escapes as Django's json_script: the JSON cannot end the <script> early.
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@dataclass(frozen=True)
class ShareImage:
    """The picture shown when a page is shared, with what og:image and its companions say."""

    url: str
    width: int
    height: int
    alt: str = ""
    type: str = ""


@dataclass(frozen=True)
class PageMetadata:
    title: str
    description: str
    canonical_url: str
    site_name: str
    image: ShareImage | None = None

    @property
    def twitter_card(self) -> str:
        return "summary_large_image" if self.image else "summary"


def site_root_url(page: Page, request) -> str:
    # get_url_parts uses Wagtail's cached site root paths: no query, unlike get_site().
    parts = page.get_url_parts(request)
    if parts is None:
        return request.build_absolute_uri("/").rstrip("/")
    return parts[1]


def absolute(url: str, root: str) -> str:
    return urljoin(root + "/", url)


def image_share(image, root: str, alt: str = "") -> ShareImage | None:
    """An editor's chosen image, cropped to the shape social media expect; None if its
    file has gone missing. Its alt text is the image's own, or `alt`."""
    try:
        rendition = image.get_rendition(SHARE_IMAGE_SPEC)
    except SourceImageIOError:
        return None
    return ShareImage(
        url=absolute(rendition.url, root),
        width=rendition.width,
        height=rendition.height,
        alt=getattr(image, "description", "") or alt,
        type=mimetypes.guess_type(rendition.url)[0] or "",
    )


def page_share_image(page, request, site_name: str, site_root, root: str) -> ShareImage | None:
    """The page's own share image if an editor chose one, otherwise its share card.

    The card's section comes from the site structure the menu uses (fetched
    once per request), so the card costs no query.
    """
    if page.pk is None:  # the preview of a page not yet saved
        return None
    section = ""
    if site_root is not None:
        section = share_cards.section_label(page, site_structure(site_root, request))
    alt = share_cards.card_alt_text(page.title, section, site_name)
    if getattr(page, "share_image_id", None):
        chosen = image_share(page.share_image, root, alt)
        if chosen is not None:
            return chosen
    width, height = SHARE_CARD_SIZE
    return ShareImage(
        url=absolute(share_cards.card_url(page.pk, page.title, section, site_name), root),
        width=width,
        height=height,
        alt=alt,
        type="image/png",
    )


def default_share_image(site_settings, site_root, request) -> ShareImage | None:
    """The site's default share image, for views that are not pages (such as search)."""
    image = getattr(site_settings, "default_share_image", None)
    if image is None or site_root is None:
        return None
    return image_share(image, site_root_url(site_root, request))


def page_metadata(page, request, site_name: str, site_root=None) -> PageMetadata:
    root = site_root_url(page, request)
    return PageMetadata(
        title=page.seo_title or page.title,
        description=getattr(page, "meta_description", "") or page.search_description,
        canonical_url=page.get_full_url(request) or absolute(page.url or "/", root),
        site_name=site_name,
        image=page_share_image(page, request, site_name, site_root, root),
    )


def structured_data(
    page, request, site_settings, site_name, breadcrumbs, members=None, site_root=None
) -> str:
    """A schema.org JSON-LD graph: the organisation, the site, this page, and its films."""
    root = site_root_url(page, request)
    organisation_id = f"{root}/#organisation"
    metadata = page_metadata(page, request, site_name, site_root)

    organisation = {
        "@type": "Organization",
        "@id": organisation_id,
        "name": site_name,
        "url": f"{root}/",
    }
    # The logo from Site settings, or the wordmark the site is drawn with.
    organisation["logo"] = _rendition_url(
        getattr(site_settings, "logo", None), "max-600x600", root
    ) or absolute(static("images/logo.png"), root)
    if getattr(site_settings, "contact_email", ""):
        organisation["email"] = site_settings.contact_email
    same_as = [link.value["url"] for link in getattr(site_settings, "social_links", None) or []]
    if same_as:
        organisation["sameAs"] = same_as
    if members is not None:
        organisation["member"] = [_member(member) for member in members]

    webpage = {
        "@type": "WebPage",
        "@id": f"{metadata.canonical_url}#webpage",
        "url": metadata.canonical_url,
        "name": metadata.title,
        "inLanguage": "en-GB",
        "isPartOf": {"@id": f"{root}/#website"},
        "publisher": {"@id": organisation_id},
        "breadcrumb": {
            "@type": "BreadcrumbList",
            "itemListElement": [
                {
                    "@type": "ListItem",
                    "position": position,
                    "name": name,
                    "item": absolute(url, root),
                }
                for position, (name, url) in enumerate(
                    [*breadcrumbs, (metadata.title, page.url or "/")], start=1
                )
            ],
        },
    }
    if metadata.description:
        webpage["description"] = metadata.description
    if page.last_published_at:
        webpage["dateModified"] = page.last_published_at.isoformat()
    if metadata.image:
        webpage["primaryImageOfPage"] = {"@type": "ImageObject", "url": metadata.image.url}

    graph = [
        organisation,
        {
            "@type": "WebSite",
            "@id": f"{root}/#website",
            "url": f"{root}/",
            "name": site_name,
            "inLanguage": "en-GB",
            "publisher": {"@id": organisation_id},
        },
        webpage,
        *(_video(film, root) for film in films_on(page)),
    ]
    data = json.dumps({"@context": "https://schema.org", "@graph": graph}, ensure_ascii=False)
    return data.translate(_JSON_ESCAPES)


def _member(partner) -> dict:
    member = {"@type": "Organization", "name": partner.name}
    if partner.website:
        member["url"] = partner.website
    return member


def films_on(page):
    """The published films shown on the page, in order: the home page's own, then the body's."""
    films = [getattr(page, "film_to_show", None)]
    body = getattr(page, "body", None) or []
    films += [block.value.film_to_show for block in body if block.block_type == "film"]
    return [film for film in films if film is not None]


def _video(film, root) -> dict:
    transcript = plain_text(film.transcript)
    released = film.release_date or (film.first_published_at and film.first_published_at.date())
    video = {
        "@type": "VideoObject",
        "name": film.title,
        "description": Truncator(transcript).chars(300) or film.title,
        "uploadDate": released.isoformat() if released else None,
        "transcript": transcript,
        "inLanguage": "en-GB",
        # Search engines need a picture: the site's icon stands in for a lost poster.
        "thumbnailUrl": _rendition_url(film.poster, "fill-1280x720", root)
        or absolute(static("images/icon-512.png"), root),
        "duration": film.duration_iso or None,
    }
    if film.hosted:
        video["embedUrl"] = film.hosted.embed_url
        video["url"] = film.hosted.watch_url
    elif film.sources:
        video["contentUrl"] = absolute(film.sources[0][0], root)
    return {key: value for key, value in video.items() if value is not None}


def plain_text(html: str) -> str:
    """Rich text as plain text, keeping a blank line between paragraphs and list items."""
    soup = BeautifulSoup(html or "", "html.parser")
    blocks = [tag.get_text(" ", strip=True) for tag in soup.find_all(["p", "li", "h2", "h3"])]
    return "\n\n".join(block for block in blocks if block) or soup.get_text(" ", strip=True)


def _rendition_url(image, spec: str, root: str) -> str:
    """An image's absolute address at `spec`, or "" if there is no image or its file is lost."""
    if image is None:
        return ""
    try:
        return absolute(image.get_rendition(spec).url, root)
    except SourceImageIOError:
        # An image whose file has gone missing must not take the page down with it.
        return ""
