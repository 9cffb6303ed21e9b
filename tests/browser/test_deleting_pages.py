"""Deleting pages in Chromium: publishers cannot; administrators see links and add a redirect."""

from importlib import import_module

import pytest

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from wagtail.models import Page, Site

from home.seed_content import SITE_NAME
from tests.conftest import empty_tree
from tests.factories import HomePageFactory, StandardPageFactory

pytestmark = pytest.mark.browser

create_roles = import_module("home.migrations.0002_editors_and_publishers").create_roles


@pytest.fixture
def site(transactional_db, live_server):
    """A home page with an annual report, a page whose call to action links to it, and its
    successor; an administrator and a publisher. Built afresh: live_server's flush removes
    what the migrations made."""
    home = HomePageFactory(parent=empty_tree())
    Site.objects.create(
        hostname="localhost", port=80, root_page=home, is_default_site=True, site_name=SITE_NAME
    )
    create_roles(apps, None)
    report = StandardPageFactory(parent=home, title="Annual report", slug="annual-report")
    news = StandardPageFactory(
        parent=home,
        title="News",
        slug="news",
        body=[
            (
                "call_to_action",
                {"text": "Read our annual report", "page": Page.objects.get(pk=report.pk)},
            )
        ],
    )
    impact = StandardPageFactory(parent=home, title="Our impact", slug="impact")
    users = get_user_model().objects
    users.create_superuser("ada", "ada@lahp.example", "a-long-test-password")
    priya = users.create_user("priya", "priya@lahp.example", "a-long-test-password")
    priya.groups.add(Group.objects.get(name="Publishers"))
    return {"url": live_server.url, "home": home, "report": report, "news": news, "impact": impact}


@pytest.fixture
def sign_in(browser, site):
    contexts = []

    def _sign_in(username):
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        contexts.append(context)
        page = context.new_page()
        page.goto(site["url"] + "/admin/login/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill("a-long-test-password")
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(site["url"] + "/admin/")
        return page

    yield _sign_in
    for context in contexts:
        context.close()


def test_a_publisher_cannot_delete(sign_in, site):
    page = sign_in("priya")
    report = site["report"]
    delete_path = f"/admin/pages/{report.pk}/delete/"

    # The page listing: no Delete in the row's menu, nor among the bulk actions.
    assert page.goto(f"{site['url']}/admin/pages/{site['home'].pk}/").status == 200
    row = page.locator("tr", has_text="Annual report")
    row.get_by_role("button", name="More options for 'Annual report'").click()
    assert row.get_by_role("link", name="Move").is_visible()
    assert row.get_by_role("link", name="Delete").count() == 0
    row.get_by_role("checkbox").check()
    bulk_actions = page.locator("[data-bulk-action-footer]")
    assert bulk_actions.get_by_role("link", name="Move selected pages").is_visible()
    assert bulk_actions.get_by_role("link", name="Delete selected pages").count() == 0

    # The page editor's menu offers no Delete either.
    page.goto(f"{site['url']}/admin/pages/{report.pk}/edit/")
    page.get_by_role("button", name="Actions", exact=True).click()
    assert page.get_by_role("link", name="Move").is_visible()
    assert page.locator(f'a[href*="{delete_path}"]').count() == 0

    # Typing the address is refused, with a reason.
    page.goto(site["url"] + delete_path)
    assert page.url == f"{site['url']}/admin/pages/{site['home'].pk}/"
    assert page.get_by_text("Only site administrators can delete pages.").is_visible()
    assert Page.objects.filter(pk=report.pk).exists()


def test_deleting_a_linked_page_as_administrator_lists_its_referrers_and_offers_a_redirect(
    sign_in, site, browser
):
    page = sign_in("ada")
    assert page.goto(f"{site['url']}/admin/pages/{site['report'].pk}/delete/").status == 200

    referrers = page.locator("[data-referrers]")
    assert referrers.get_by_role("heading", name="Linked from 1 place").is_visible()
    news_row = referrers.locator("tr", has_text="News")
    assert news_row.get_by_role("link", name="News").get_attribute("href") == (
        f"/admin/pages/{site['news'].pk}/edit/"
    )
    assert news_row.get_by_text("Body → Call to action").is_visible()

    # Choose where visitors go instead, in Wagtail's page chooser.
    assert page.get_by_text("Send visitors who follow links to this page to:").is_visible()
    page.get_by_role("button", name="Choose a page").click()
    modal = page.locator(".modal-dialog")
    modal.get_by_title("Explore subpages of 'Vision and purpose'").click()
    modal.get_by_role("link", name="Our impact", exact=True).click()
    assert page.locator(".chooser__title").inner_text() == "Our impact"

    page.get_by_role("button", name="Yes, delete it").click()
    page.wait_for_load_state("networkidle")
    message = page.locator(".messages").inner_text()
    assert "Page 'Annual report' deleted." in message
    assert "are now sent to 'Our impact' (/impact/) by a permanent redirect." in message
    assert not Page.objects.filter(pk=site["report"].pk).exists()

    # Anyone following an old link is sent on, permanently.
    visitor = browser.new_context()
    response = visitor.request.get(site["url"] + "/annual-report/", max_redirects=0)
    assert response.status == 301
    assert response.headers["location"] == "/impact/"
    visitor.close()
