import logging
import posixpath
import sys
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect, HttpResponseRedirect
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, requires_csrf_token
from django.views.decorators.http import require_GET, require_POST, require_safe
from django.views.static import serve as serve_static_file

from wagtail.models import Page, Site

from home import consent, share_cards
from home.context_processors import organisation_name
from home.models import SiteSettings, private_q
from home.models.film import FILM_FILE_PREFIX
from home.navigation import site_structure
from home.storage import local_root

logger = logging.getLogger(__name__)

# Where Wagtail keeps uploaded documents' files (its Document.file upload_to).
DOCUMENTS_PREFIX = "documents/"


# The consent form sends one short field; anything much bigger is not from it.
CONSENT_FORM_MAX_BYTES = 4096


def request_too_large(request, limit: int) -> HttpResponse | None:
    """A 413 answer if the request says its body is over `limit` bytes, before reading any."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = limit + 1
    if length > limit:
        return HttpResponse(
            "This request is too large.\n", status=413, content_type="text/plain; charset=utf-8"
        )
    return None


# How long visitors' browsers are asked to wait before trying again while the
# database is away.
DATABASE_RETRY_AFTER_SECONDS = 30


@requires_csrf_token
def server_error(request):
    """The page for an error in the site (500), or for a database that is away (503).

    A database that refuses connections, cannot be reached in time or cancels
    a query that ran too long is not a fault in the site, and it passes: the
    visitor is told to try again shortly (with Retry-After), and the next
    request after it is back is served as usual. Neither page asks the
    database for anything.
    """
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        reason = (str(error).strip().splitlines() or [type(error).__name__])[0]
        logger.error("Database unavailable, answered 503: %s", reason)
        body = loader.get_template("503.html").render()
        response = HttpResponse(body, status=503)
        response["Retry-After"] = str(DATABASE_RETRY_AFTER_SECONDS)
        response["Cache-Control"] = "no-store"
        return response
    return HttpResponse(loader.get_template("500.html").render(), status=500)


# Exempt from CSRF on purpose: a CSRF token would mean a cookie on every page
# with this form, before the visitor asked for any, and the only thing a forged
# request could do is delete a preference cookie, which the visitor can set again.
@csrf_exempt
@require_POST
@never_cache
def withdraw_video_consent(request):
    """Forget the visitor's choice to play videos straight away (the no-JavaScript route)."""
    if too_large := request_too_large(request, CONSENT_FORM_MAX_BYTES):
        return too_large
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    # Back to the page, which then confirms the choice was withdrawn.
    path = urlsplit(target).path or "/"
    query = urlencode({consent.WITHDRAWN_PARAMETER: "1"})
    response = HttpResponseRedirect(f"{path}?{query}#{consent.SETTINGS_ID}")
    response.delete_cookie(consent.VIDEO_CONSENT_COOKIE, path="/", samesite="Lax")
    return response


# Folders of MEDIA_ROOT whose files only their own views serve, after checking who
# may see them: documents at /documents/ (private collections), films at /films/
# (published films only).
GUARDED_MEDIA_FOLDERS = (DOCUMENTS_PREFIX, FILM_FILE_PREFIX)


@require_safe
def serve_media(request, path):
    """Uploads, where the site serves them itself (SERVE_MEDIA, single small servers).

    Documents' and films' files are not found here, however the address is
    spelt: their own views check that the visitor may see them. With uploads in
    object storage, this sends the browser on to a signed address for the file.
    """
    if is_guarded_media(path):
        raise Http404("Documents are served at /documents/ and films at /films/.")
    root = local_root()
    if root is None:
        return HttpResponseRedirect(default_storage.url(path))
    return serve_static_file(request, path, document_root=root)


def is_guarded_media(path: str) -> bool:
    """Whether a path under MEDIA_ROOT leads into a guarded folder, however it is spelt.

    The path is normalised as the file server will ("images/../documents/x.pdf" is
    "documents/x.pdf"), and compared without case, for storage on file systems
    that ignore it.
    """
    normalised = posixpath.normpath(path.replace("\\", "/")).lstrip("/").lower() + "/"
    return normalised.startswith(GUARDED_MEDIA_FOLDERS)


@require_GET
def short_link(request, page_id):
    """/p/<id>/: a permanent address for a page, wherever it moves and whatever it is called."""
    page = Page.objects.live().exclude(private_q()).filter(pk=page_id).first()
    url = page.get_url(request) if page is not None else None
    if not url:
        raise Http404("There is no page with this link.")
    return HttpResponsePermanentRedirect(url)


@require_GET
def robots_txt(request):
    lines = ["User-agent: *"]
    if settings.ALLOW_SEARCH_ENGINE_INDEXING:
        lines += ["Disallow: /admin/", "Disallow: /search/", "Disallow: /video-consent/"]
    else:
        lines += ["Disallow: /"]
    lines.append(f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_GET
def security_txt(request):
    """How to report a security problem (RFC 9116), from the contact email in site settings."""
    site = Site.find_for_request(request)
    site_settings = SiteSettings.for_site(site) if site else None
    if site_settings is None or not site_settings.contact_email:
        raise Http404("No security contact has been set in Settings › Site settings.")
    # Set when the contact email is first saved (SiteSettings.save), so it is the
    # same on every request.
    expires = site_settings.security_contact_review_date
    lines = [
        f"Contact: mailto:{site_settings.contact_email}",
        f"Expires: {expires.isoformat()}T00:00:00Z",
        "Preferred-Languages: en",
        f"Canonical: {request.build_absolute_uri('/.well-known/security.txt')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_safe
def share_card(request, page_id, version):
    """A page's share card: a PNG of its title, section and the wordmark, drawn once and kept.

    The address names the card's words; an out-of-date one (the title has
    changed since it was shared) redirects to the current card.
    """
    site = Site.find_for_request(request)
    page = None
    if site is not None:
        page = Page.objects.live().exclude(private_q()).filter(pk=page_id).first()
    root = site.root_page if page is not None else None
    if page is None or not page.path.startswith(root.path):
        raise Http404("There is no public page with this share card.")

    site_name = organisation_name(site, SiteSettings.for_site(site))
    section = share_cards.section_label(page, site_structure(root, request))
    current = share_cards.card_version(page.title, section, site_name)
    if version != current:
        # Temporary: a title can change back, and a cached permanent redirect would
        # then point the current card's address at an old one.
        response = HttpResponseRedirect(
            share_cards.card_url(page.pk, page.title, section, site_name)
        )
        response["Cache-Control"] = "public, max-age=300"
        return response

    name = share_cards.storage_name(page.pk, current)
    data = _stored_card(name)
    if data is None:
        data = share_cards.draw_png(page.title, section, site_name)
        _store_card(name, data, page.pk)
    response = HttpResponse(data, content_type="image/png")
    # The address changes whenever the card would, so it can be kept for good.
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response


def _stored_card(name: str) -> bytes | None:
    try:
        with default_storage.open(name, "rb") as stored:
            return stored.read()
    except FileNotFoundError:
        return None
    except OSError:
        logger.warning("Could not read the share card %s from storage.", name, exc_info=True)
        return None


def _store_card(name: str, data: bytes, page_id: int) -> None:
    """Keep the card for next time and forget the page's older cards. A failure costs only
    a redraw next time, so it is logged, never shown to the visitor."""
    try:
        saved = default_storage.save(name, ContentFile(data))
        if saved != name:
            # Another request stored the same card first; keep one copy.
            default_storage.delete(saved)
        _, files = default_storage.listdir(share_cards.STORAGE_FOLDER)
        kept = name.rsplit("/", 1)[-1]
        for file in files:
            if file.startswith(f"{page_id}-") and file != kept:
                default_storage.delete(f"{share_cards.STORAGE_FOLDER}/{file}")
    except OSError:
        logger.warning("Could not store the share card %s.", name, exc_info=True)
