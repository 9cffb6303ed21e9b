from django.http import HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from home import consent


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
