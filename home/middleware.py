import base64
import hashlib

from django.conf import settings

from home.consent import VIDEO_CONSENT_COOKIE, VIDEO_CONSENT_VALUE

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
    if "script-src" in directives:
        directives["script-src"] = [*directives["script-src"], JS_DETECTION_HASH]
    return "; ".join(
        f"{directive} {' '.join(sources)}".strip() for directive, sources in directives.items()
    )


class ContentSecurityPolicyMiddleware:
    """Send the Content-Security-Policy header on the public site.

    The policy lets pages load scripts, styles, images and media from this site
    only, and frames only from the video players visitors choose to start. It
    is a second line of defence behind the templates: even a mistake in them
    cannot make a visitor's browser contact another site. The Wagtail admin
    has its own needs and is left out.

    A page's preview in the admin is the same page, served to the editor inside
    the admin's Preview and Checks panels: it may be framed by this site (and
    only this site); pages for visitors may be framed by nobody.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = content_security_policy()
        self.preview_policy = content_security_policy(**{"frame-ancestors": ["'self'"]})
        self.excluded = tuple(settings.CONTENT_SECURITY_POLICY_EXCLUDE)

    def __call__(self, request):
        response = self.get_response(request)
        if self.policy and not request.path.startswith(self.excluded):
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
