import base64
import hashlib

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse
from django.middleware.gzip import GZipMiddleware
from django.utils.cache import patch_cache_control
from django.utils.http import http_date

from wagtail.models import Site

from home.cache import PUBLIC_PAGE, content_version, get_or_set
from home.consent import VIDEO_CONSENT_COOKIE, VIDEO_CONSENT_VALUE
from home.storage import remote_origin

# The one inline script. Before the page is first drawn, it marks it as running
# JavaScript (only browsers that run the site's module scripts), so styles for
# enhanced controls (the phone menu) apply from the start and nothing moves
# once the scripts load; and it marks whether this browser keeps the video
# choice, so the cookie settings show the right state at once while the page
# itself is the same for everyone (and can be cached). The policy allows it
# by its hash.
JS_DETECTION_SCRIPT = (
    "(function(c){"
    'if("noModule"in HTMLScriptElement.prototype)c.add("js");'
    f'if(document.cookie.split("; ").indexOf("{VIDEO_CONSENT_COOKIE}={VIDEO_CONSENT_VALUE}")>=0)'
    'c.add("video-consent")'
    "})(document.documentElement.classList)"
)
_digest = hashlib.sha256(JS_DETECTION_SCRIPT.encode()).digest()
JS_DETECTION_HASH = f"'sha256-{base64.b64encode(_digest).decode()}'"


def content_security_policy(**overrides) -> str:
    directives = {**settings.CONTENT_SECURITY_POLICY, **overrides}
    origin = remote_origin()
    if origin and "img-src" in directives:
        # Images and their renditions come straight from the bucket, at signed addresses.
        directives["img-src"] = [*directives["img-src"], origin]
    if "script-src" in directives:
        directives["script-src"] = [*directives["script-src"], JS_DETECTION_HASH]
    return _policy(directives)


def _policy(directives: dict) -> str:
    return "; ".join(
        f"{directive} {' '.join(sources)}".strip() for directive, sources in directives.items()
    )


class SecurityHeadersMiddleware:
    """Headers that limit what a page may use and who may embed what the site serves.

    Permissions-Policy: no page may use the camera, microphone, location and the
    like; only this site and the two video players may go full screen, play on
    their own (once the visitor pressed Play) or float a picture-in-picture.

    Cross-Origin-Resource-Policy: pages and the API's answers are for this site's
    own pages (the API is read by partners' servers and scripts, which this does
    not affect). Files (images, share cards, favicons, documents, films, static
    files) say `cross-origin`: partners show our images and share cards on their
    own sites, and `same-origin` or `same-site` would make browsers refuse them there.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.permissions_policy = settings.PERMISSIONS_POLICY
        self.shared = tuple(settings.CROSS_ORIGIN_RESOURCE_PATHS)

    def __call__(self, request):
        response = self.get_response(request)
        if self.permissions_policy:
            response.headers.setdefault("Permissions-Policy", self.permissions_policy)
        shared = request.path.startswith(self.shared)
        response.headers.setdefault(
            "Cross-Origin-Resource-Policy", "cross-origin" if shared else "same-origin"
        )
        return response


class ContentSecurityPolicyMiddleware:
    """Send the Content-Security-Policy header on the public site.

    The policy lets pages load scripts, styles, images and media from this site
    only, and frames only from the video players visitors choose to start. It
    is a second line of defence behind the templates: even a mistake in them
    cannot make a visitor's browser contact another site. The Wagtail admin
    gets a policy of its own (ADMIN_CONTENT_SECURITY_POLICY): it needs inline
    scripts and styles, but it too loads nothing from anywhere else.

    A page's preview in the admin is the same page, served to the editor inside
    the admin's Preview and Checks panels: it may be framed by this site (and
    only this site); pages for visitors may be framed by nobody.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = content_security_policy()
        self.preview_policy = content_security_policy(**{"frame-ancestors": ["'self'"]})
        self.admin_policy = _policy(settings.ADMIN_CONTENT_SECURITY_POLICY)
        self.excluded = tuple(settings.CONTENT_SECURITY_POLICY_EXCLUDE)

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(self.excluded):
            if self.admin_policy:
                response.headers.setdefault("Content-Security-Policy", self.admin_policy)
        elif self.policy:
            # Wagtail marks the request it makes to render a preview.
            preview = getattr(request, "is_preview", False)
            policy = self.preview_policy if preview else self.policy
            response.headers.setdefault("Content-Security-Policy", policy)
        return response


class SearchEngineIndexingMiddleware:
    """Ask search engines not to index any copy of the site but the real one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not settings.ALLOW_SEARCH_ENGINE_INDEXING:
            response.headers.setdefault("X-Robots-Tag", "noindex, nofollow")
        return response


# --- Caching whole pages for anonymous visitors ------------------------------------

# Query parameters that change what a page shows; tracking parameters added by
# social media and newsletters change nothing and are left out of the key.
PAGE_PARAMETERS = frozenset({"video-consent-withdrawn"})
TRACKING_PARAMETERS = ("utm_", "fbclid", "gclid", "mc_cid", "mc_eid")


def is_anonymous(request) -> bool:
    """No session: nobody is signed in, and nothing in the page can be personal."""
    return settings.SESSION_COOKIE_NAME not in request.COOKIES and (
        "HTTP_AUTHORIZATION" not in request.META
    )


class CurrentSiteMiddleware:
    """Find which site a request is for once, and keep it until the content changes.

    Wagtail looks the site up on every request (a query); it uses the one found
    here instead. The site's home page comes with it, as its own type.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            host = request.get_host()  # only the host names the site answers to
        except DisallowedHost:
            return self.get_response(request)  # Django answers 400 further in
        site = get_or_set(request, f"site:{host}:{request.get_port()}", lambda: _site(request))
        if site is not None:
            request._wagtail_site = site
        return self.get_response(request)


def _site(request):
    site = Site._find_for_request(request)
    if site is not None:
        site.root_page = site.root_page.specific
    return site


class AnonymousPageCacheMiddleware:
    """Keep whole pages for anonymous visitors, and tell shared caches they may too.

    A page is kept when it went to someone who is not signed in, was served by
    the page tree as a public page (never a preview, a draft, a private page's
    password form or a form's answer), set no cookie and varies with nothing
    but its address. It is kept under the content version (home/cache.py), so
    any change visitors could see retires every kept page at once. Signed-in
    editors always get a fresh page, marked private.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = self.key(request)
        if key is not None:
            kept = cache.get(key)
            if kept is not None:
                return self.rebuild(kept)
        response = self.get_response(request)
        if getattr(response, PUBLIC_PAGE, False):
            if is_anonymous(request):
                self.make_shareable(response)
                if key is not None and self.may_keep(response):
                    cache.set(key, self.freeze(response), settings.LAHP_PAGE_CACHE_SECONDS)
                    response["X-Page-Cache"] = "miss"
            else:
                patch_cache_control(response, private=True, no_cache=True)
        return response

    def key(self, request) -> str | None:
        if (
            settings.LAHP_PAGE_CACHE_SECONDS <= 0
            or request.method != "GET"
            or not is_anonymous(request)
            or getattr(request, "is_dummy", False)  # Wagtail's preview of a page
            or request.path.startswith(tuple(settings.LAHP_PAGE_CACHE_EXCLUDE))
        ):
            return None
        parameters = []
        for name, values in sorted(request.GET.lists()):
            if name.startswith(TRACKING_PARAMETERS):
                continue
            if name not in PAGE_PARAMETERS:
                return None  # an address no page uses: not worth keeping
            parameters.append((name, values))
        encoding = "gzip" if "gzip" in request.headers.get("Accept-Encoding", "") else "plain"
        address = f"{request.scheme}://{request.get_host()}{request.path}?{parameters}"
        digest = hashlib.sha256(address.encode()).hexdigest()
        return f"lahp:page:{content_version(request)}:{encoding}:{digest}"

    @staticmethod
    def make_shareable(response) -> None:
        # One copy serves every anonymous visitor: it does not vary by cookie.
        vary = [v.strip() for v in response.get("Vary", "").split(",") if v.strip()]
        vary = [v for v in vary if v.lower() != "cookie"]
        if vary:
            response["Vary"] = ", ".join(vary)
        elif "Vary" in response:
            del response["Vary"]
        patch_cache_control(
            response,
            public=True,
            max_age=settings.LAHP_BROWSER_CACHE_SECONDS,
            s_maxage=settings.LAHP_SHARED_CACHE_SECONDS,
        )
        if not response.has_header("Last-Modified"):
            response["Last-Modified"] = http_date()

    @staticmethod
    def may_keep(response) -> bool:
        return (
            response.status_code == 200
            and not response.cookies
            and not response.streaming
            and "private" not in response.get("Cache-Control", "")
            and "no-store" not in response.get("Cache-Control", "")
        )

    @staticmethod
    def freeze(response) -> tuple:
        headers = [(name, value) for name, value in response.items() if name != "X-Page-Cache"]
        return response.status_code, headers, response.content

    @staticmethod
    def rebuild(kept) -> HttpResponse:
        status, headers, content = kept
        response = HttpResponse(content, status=status)
        for name, value in headers:
            response[name] = value
        response["X-Page-Cache"] = "hit"
        return response


class PublicGZipMiddleware(GZipMiddleware):
    """Compress what anonymous visitors are sent.

    Never a response to a signed-in editor: it could hold a secret (a CSRF
    token) beside text an attacker chose, which compression can leak (BREACH).
    Pages for anonymous visitors hold no secrets.
    """

    def process_response(self, request, response):
        if not is_anonymous(request) or request.path.startswith("/admin/"):
            return response
        return super().process_response(request, response)
