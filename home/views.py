from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from wagtail.models import Page, Site

from home import consent
from home.models import SiteSettings, private_q


# Exempt from CSRF on purpose: a CSRF token would mean a cookie on every page
# with this form, before the visitor asked for any, and the only thing a forged
# request could do is delete a preference cookie, which the visitor can set again.
@csrf_exempt
@require_POST
@never_cache
def withdraw_video_consent(request):
    """Forget the visitor's choice to play videos straight away (the no-JavaScript route)."""
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    response.delete_cookie(consent.VIDEO_CONSENT_COOKIE, path="/", samesite="Lax")
    return response


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
    expires = site_settings.security_contact_review_date
    if expires is None:  # an address set before the date existed: fix it from now on
        site_settings.save(update_fields=None)
        expires = site_settings.security_contact_review_date
    lines = [
        f"Contact: mailto:{site_settings.contact_email}",
        f"Expires: {expires.isoformat()}T00:00:00Z",
        "Preferred-Languages: en",
        f"Canonical: {request.build_absolute_uri('/.well-known/security.txt')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
