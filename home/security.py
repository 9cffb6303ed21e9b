"""Keeping people out who should be: wrong-password limits for the admin and private pages.

The admin's sign-in (and the front-end one for pages restricted to signed-in
people) is watched by django-axes: after AXES_FAILURE_LIMIT wrong passwords
for one account from one address, that account is refused from that address
until the cool-off has passed, even with the right password. Pages protected
by a shared password are watched here, with a counter per address and page in
the cache.
"""

import math

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from wagtail import views as wagtail_views


def client_ip(request) -> str:
    """The visitor's address, as the proxies in front of the site (if any) saw it.

    Without TRUSTED_PROXY_COUNT, the address that connected (REMOTE_ADDR): a
    visitor cannot choose it. Behind N proxies that each append the address
    they saw to X-Forwarded-For, the Nth from the right is the one the first
    proxy saw; anything further left was written by the visitor and is ignored.
    """
    count = settings.TRUSTED_PROXY_COUNT
    if count > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR", "")


def _minutes(seconds: float) -> str:
    minutes = max(1, math.ceil(seconds / 60))
    return "1 minute" if minutes == 1 else f"{minutes} minutes"


def lockout_response(request, original_response=None, credentials=None):
    """The page an account sees after too many wrong passwords (django-axes)."""
    return render(
        request,
        "lockout.html",
        {"wait": _minutes(settings.AXES_COOLOFF_TIME.total_seconds())},
        status=429,
    )


# --- Password-protected pages ----------------------------------------------------------


def _page_password_key(request, restriction_id) -> str:
    return f"lahp:page-password:{restriction_id}:{client_ip(request)}"


@never_cache
def authenticate_with_password(request, page_view_restriction_id, page_id):
    """Wagtail's password form for private pages, with a limit on wrong guesses.

    After LAHP_PAGE_PASSWORD_ATTEMPTS wrong passwords from one address for one
    restriction, that address is refused (429) for LAHP_PAGE_PASSWORD_COOLOFF
    seconds, the right password included; the right password clears the count.
    """
    key = _page_password_key(request, page_view_restriction_id)
    if request.method == "POST" and cache.get(key, 0) >= settings.LAHP_PAGE_PASSWORD_ATTEMPTS:
        return render(
            request,
            "page_password_lockout.html",
            {"wait": _minutes(settings.LAHP_PAGE_PASSWORD_COOLOFF)},
            status=429,
        )
    response = wagtail_views.authenticate_with_password(request, page_view_restriction_id, page_id)
    if request.method == "POST":
        if response.status_code == 200:  # the form again: the password was wrong
            timeout = settings.LAHP_PAGE_PASSWORD_COOLOFF
            if not cache.add(key, 1, timeout):
                try:
                    cache.incr(key)
                except ValueError:  # it expired in between
                    cache.set(key, 1, timeout)
        elif response.status_code == 302:
            cache.delete(key)
    return response
