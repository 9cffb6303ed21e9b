"""Site settings: facts about the partnership edited once and shown everywhere."""

import pytest
from bs4 import BeautifulSoup

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import Site

from home.models import SiteSettings


@pytest.fixture
def site_settings(home_page):
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.contact_email = "hello@lahp.example"
    settings.postal_address = "1 Example Street\nLeeds"
    settings.footer_text = "A note every page carries."
    settings.social_links = [
        ("link", {"service": "linkedin", "url": "https://www.linkedin.com/company/x", "name": ""})
    ]
    settings.save()
    return settings


def footer(client, url="/"):
    return BeautifulSoup(client.get(url).content, "html.parser").find("footer")


def test_footer_shows_the_contact_details_from_settings(client, site_settings, aim_index):
    for url in ["/", "/aims/"]:
        html = footer(client, url)
        assert html.find("a", href="mailto:hello@lahp.example")
        assert "1 Example Street" in html.find("address").get_text()
        assert "A note every page carries." in html.get_text()
        assert html.find("a", href="https://www.linkedin.com/company/x").get_text() == "LinkedIn"


def test_changing_a_setting_changes_the_site(client, site_settings, aim_index):
    site_settings.organisation_name = "Leeds Academic Health Partnership (LAHP)"
    site_settings.contact_email = ""
    site_settings.save()
    html = BeautifulSoup(client.get(aim_index.url).content, "html.parser")
    assert html.title.get_text().endswith("– Leeds Academic Health Partnership (LAHP)")
    # The wordmark in the header is named for screen readers after the setting.
    assert html.find(class_="site-header__brand").find("svg")["aria-label"] == (
        "Leeds Academic Health Partnership (LAHP)"
    )
    assert html.find("footer").find("a", href="mailto:hello@lahp.example") is None


def test_nothing_is_invented_when_settings_are_empty(client, home_page):
    html = footer(client)
    assert html.find("address") is None
    assert "mailto:" not in str(html)


def test_settings_are_read_once_then_kept_until_they_change(client, site_settings):
    def settings_queries():
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/")
        return [q for q in queries.captured_queries if "home_sitesettings" in q["sql"]], response

    assert len(settings_queries()[0]) == 1  # however often the page uses them
    assert settings_queries()[0] == []  # kept for the next visitor
    site_settings.footer_text = "A changed note."
    site_settings.save()
    queries, response = settings_queries()
    assert len(queries) == 1
    assert "A changed note." in response.content.decode()


def test_only_publishers_may_change_settings(client, db):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    users = {}
    for role in ("Editors", "Publishers"):
        user = get_user_model().objects.create_user(role.lower(), password="pw")
        user.groups.add(Group.objects.get(name=role))
        users[role] = user
    assert not users["Editors"].has_perm("home.change_sitesettings")
    assert users["Publishers"].has_perm("home.change_sitesettings")
