from django.conf import settings


class ContentSecurityPolicyMiddleware:
    """Send the Content-Security-Policy header on the public site.

    The policy lets pages load scripts, styles, images and media from this site
    only, and frames only from the video players visitors choose to start. It
    is a second line of defence behind the templates: even a mistake in them
    cannot make a visitor's browser contact another site. The Wagtail admin
    has its own needs and is left out.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = "; ".join(
            f"{directive} {' '.join(sources)}".strip()
            for directive, sources in settings.CONTENT_SECURITY_POLICY.items()
        )
        self.excluded = tuple(settings.CONTENT_SECURITY_POLICY_EXCLUDE)

    def __call__(self, request):
        response = self.get_response(request)
        if self.policy and not request.path.startswith(self.excluded):
            response.headers.setdefault("Content-Security-Policy", self.policy)
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
