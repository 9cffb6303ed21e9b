from django.conf import settings
from django.urls import include, path, re_path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from home import film_files, link_admin_views, security
from home import views as home_views
from home.api import api_router
from search import views as search_views

urlpatterns = [
    # The admin's delete and unpublish screens for pages, extended (home/link_admin_views.py);
    # they come first so that they answer the admin's own addresses for them.
    path("admin/", include(link_admin_views.page_action_urls)),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("search/", search_views.search, name="search"),
    path("p/<int:page_id>/", home_views.short_link, name="short_link"),
    path("films/<path:path>", film_files.film_file, name="film_file"),
    path(
        "share-cards/<int:page_id>/<str:version>.png",
        home_views.share_card,
        name="share_card",
    ),
    path("api/v2/", api_router.urls),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", home_views.robots_txt, name="robots_txt"),
    path(".well-known/security.txt", home_views.security_txt, name="security_txt"),
    path(
        "video-consent/withdraw/",
        home_views.withdraw_video_consent,
        name="withdraw_video_consent",
    ),
]

if settings.SERVE_MEDIA:
    urlpatterns += [re_path(r"^media/(?P<path>.*)$", home_views.serve_media)]

# Wagtail serves every other address from the page tree; it must come last.
# Its serve view is wrapped so that addresses the tree lacks get the site's own
# 404 page, which suggests pages, even with DEBUG on; its password form for
# private pages is wrapped to limit wrong guesses; its other routes are kept.
_wrapped = {"wagtail_serve", "wagtailcore_authenticate_with_password"}
urlpatterns += [
    path(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        security.authenticate_with_password,
        name="wagtailcore_authenticate_with_password",
    ),
    *[route for route in wagtail_urls.urlpatterns if route.name not in _wrapped],
    re_path(wagtail_urls.serve_pattern, search_views.serve, name="wagtail_serve"),
]

# Every other missing address (DEBUG off) gets the same helpful page.
handler404 = search_views.page_not_found
# Errors in the site (500), and a database that is away (503: try again soon).
handler500 = home_views.server_error
