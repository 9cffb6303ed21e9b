"""Sitemap, robots.txt, security.txt and noindex outside production."""

from datetime import UTC, date, datetime, timedelta
from xml.etree import ElementTree

from freezegun import freeze_time

from django.test import override_settings

from wagtail.models import PageViewRestriction, Site

from home.models import SiteSettings
from tests.factories import AimPageFactory, ProgrammePageFactory

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def test_sitemap_lists_exactly_the_live_public_pages(client, home_page, aim_index, programme_index):
    aim = AimPageFactory(parent=aim_index)
    aim.save_revision().publish()
    draft = ProgrammePageFactory(parent=programme_index)
    draft.unpublish()
    private = ProgrammePageFactory(parent=programme_index)
    PageViewRestriction.objects.create(page=private, restriction_type="login")

    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)
    urls = {url.find(f"{SITEMAP}loc").text: url for url in root.findall(f"{SITEMAP}url")}
    assert set(urls) == {
        "http://localhost/",
        "http://localhost/aims/",
        f"http://localhost{aim.url}",
        "http://localhost/programmes/",
    }
    assert urls[f"http://localhost{aim.url}"].find(f"{SITEMAP}lastmod") is not None


@override_settings(ALLOW_SEARCH_ENGINE_INDEXING=True)
def test_robots_txt_points_at_the_sitemap_and_keeps_out_of_admin_and_search(client, home_page):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "Disallow: /admin/" in lines
    assert "Disallow: /search/" in lines
    assert "Disallow: /" not in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "X-Robots-Tag" not in client.get("/").headers


def test_outside_production_search_engines_are_told_to_keep_out(client, home_page):
    assert "Disallow: /" in client.get("/robots.txt").content.decode().splitlines()
    response = client.get("/")
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert '<meta name="robots" content="noindex, nofollow">' in response.content.decode()


def test_security_txt_names_the_contact_and_expires_within_a_year(client, home_page):
    assert client.get("/.well-known/security.txt").status_code == 404  # no contact yet
    settings = SiteSettings.for_site(Site.objects.get())
    settings.contact_email = "security@lahp.example"
    settings.save()
    response = client.get("/.well-known/security.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    fields = dict(line.split(": ", 1) for line in response.content.decode().splitlines())
    assert fields["Contact"] == "mailto:security@lahp.example"
    expires = datetime.strptime(fields["Expires"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    assert timedelta(days=363) < expires - datetime.now(UTC) <= timedelta(days=365)


def test_security_txt_expiry_is_a_fixed_date_not_a_year_from_each_request(client, home_page):
    settings = SiteSettings.for_site(Site.objects.get())
    settings.contact_email = "security@lahp.example"
    settings.save()
    first = client.get("/.well-known/security.txt").content
    with freeze_time(datetime.now(UTC) + timedelta(days=40)):
        assert client.get("/.well-known/security.txt").content == first
    # Editors move it on in Settings › Site settings once they have checked the address.
    settings.security_contact_review_date = date(2027, 6, 30)
    settings.save()
    assert b"Expires: 2027-06-30T00:00:00Z" in client.get("/.well-known/security.txt").content
