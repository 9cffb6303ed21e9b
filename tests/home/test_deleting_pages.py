"""Only administrators delete pages; deleting or unpublishing shows what links to the page."""

from html import unescape

import pytest
from bs4 import BeautifulSoup

from django.urls import reverse

from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, get_page_models
from wagtail.rich_text import RichText

from home.models import SitePage, StandardPage
from tests.factories import StandardPageFactory


@pytest.fixture
def report(home_page):
    """A page with a child, and two pages that link to it: by a call to action and in text."""
    page = StandardPageFactory(parent=home_page, title="Annual report", slug="annual-report")
    StandardPageFactory(parent=page, title="Annual report 2024", slug="2024")
    return page


@pytest.fixture
def referring_pages(home_page, report):
    news = StandardPageFactory(
        parent=home_page,
        title="News",
        slug="news",
        body=[
            (
                "call_to_action",
                {"text": "Read our annual report", "page": Page.objects.get(pk=report.pk)},
            )
        ],
    )
    about = StandardPageFactory(
        parent=home_page,
        title="About us",
        slug="about",
        body=[
            (
                "paragraph",
                RichText(f'<p>See <a linktype="page" id="{report.pk}">the annual report</a>.</p>'),
            )
        ],
    )
    return news, about


@pytest.fixture
def successor(home_page):
    return StandardPageFactory(parent=home_page, title="Our impact", slug="impact")


def signed_in(client, user):
    client.force_login(user)
    return client


def delete_url(page):
    return reverse("wagtailadmin_pages:delete", args=[page.pk])


def messages_in(response) -> list[str]:
    return [unescape(str(message)).strip() for message in response.context["messages"]]


# --- Who may delete and move -------------------------------------------------------


def test_every_page_type_uses_the_sites_own_permission_rules():
    # A page type outside SitePage would fall back to Wagtail's rules, which let
    # publishers delete.
    assert {model for model in get_page_models() if model is not Page} == {
        model for model in get_page_models() if issubclass(model, SitePage)
    }


def test_only_administrators_may_delete_pages_and_publishers_may_still_move_them(
    report, successor, editor, publisher, administrator
):
    draft = StandardPageFactory(parent=report, title="Draft", live=False, owner=editor)
    rights = {
        user.username: (
            successor.permissions_for_user(user).can_delete(),
            draft.permissions_for_user(user).can_delete(),
            report.permissions_for_user(user).can_delete(),
            successor.permissions_for_user(user).can_move(),
            report.permissions_for_user(user).can_move(),
        )
        for user in (editor, publisher, administrator)
    }
    # Wagtail itself would let the publisher delete the first two, and the
    # editor delete their own draft and move it.
    assert rights == {
        "erin": (False, False, False, False, False),
        "priya": (False, False, False, True, True),
        "ada": (True, True, True, True, True),
    }


def test_a_publisher_is_offered_no_delete_in_the_page_listing_or_editor(
    client, home_page, successor, publisher, administrator
):
    listing_url = reverse("wagtailadmin_explore", args=[home_page.pk])
    edit_url = reverse("wagtailadmin_pages:edit", args=[successor.pk])
    bulk_delete_url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "delete"])

    signed_in(client, publisher)
    listing = client.get(listing_url).content.decode()
    editor_screen = client.get(edit_url).content.decode()
    assert delete_url(successor) not in listing
    assert bulk_delete_url not in listing
    assert delete_url(successor) not in editor_screen
    # Moving stays in the publisher's menus.
    move_url = reverse("wagtailadmin_pages:move", args=[successor.pk])
    assert move_url in listing
    assert move_url in editor_screen

    signed_in(client, administrator)
    listing = client.get(listing_url).content.decode()
    assert delete_url(successor) in listing
    assert bulk_delete_url in listing
    assert delete_url(successor) in client.get(edit_url).content.decode()


@pytest.mark.parametrize("role", ["editor", "publisher"])
def test_the_delete_address_refuses_editors_and_publishers_with_a_clear_message(
    client, request, successor, role
):
    signed_in(client, request.getfixturevalue(role))
    for method in (client.get, client.post):
        response = method(delete_url(successor), follow=True)
        assert response.redirect_chain[0][1] == 302
        assert (
            "Only site administrators can delete pages. To take a page off the website, "
            "unpublish it (publishers can), or ask an administrator to delete it."
        ) in messages_in(response)
    assert StandardPage.objects.filter(pk=successor.pk).exists()


def test_bulk_delete_refuses_a_publisher(client, successor, publisher):
    signed_in(client, publisher)
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "delete"])
    confirmation = client.get(url, {"id": successor.pk, "next": "/admin/"})
    assert "You don't have permission to delete this page" in confirmation.content.decode()
    client.post(f"{url}?id={successor.pk}&next=/admin/")
    assert StandardPage.objects.filter(pk=successor.pk).exists()


def test_a_publisher_can_still_move_a_page(client, report, successor, publisher):
    signed_in(client, publisher)
    response = client.post(
        reverse("wagtailadmin_pages:move_confirm", args=[successor.pk, report.pk])
    )
    assert response.status_code == 302
    successor.refresh_from_db()
    assert successor.get_parent().pk == report.pk


# --- What links to the page ---------------------------------------------------------


def referrers_table(response):
    section = BeautifulSoup(response.content, "html.parser").select_one("[data-referrers]")
    rows = {}
    for row in section.select("tbody tr"):
        link = row.find("a")
        rows[link.get_text(strip=True)] = (
            link["href"],
            [item.get_text(strip=True) for item in row.select("li")],
        )
    return section.h2.get_text(strip=True), rows


def test_the_delete_confirmation_lists_every_page_that_links_to_it_and_where(
    client, report, referring_pages, administrator
):
    news, about = referring_pages
    Redirect.add_redirect("/reports/annual/", redirect_to=report)
    response = signed_in(client, administrator).get(delete_url(report))
    assert response.status_code == 200
    heading, rows = referrers_table(response)
    assert heading == "Linked from 3 places"
    assert rows["News"] == (
        reverse("wagtailadmin_pages:edit", args=[news.pk]),
        ["Body → Call to action"],
    )
    assert rows["About us"] == (
        reverse("wagtailadmin_pages:edit", args=[about.pk]),
        ["Body → Text"],
    )
    # A redirect to the page would be deleted with it, so it is listed too.
    assert rows["Redirect from /reports/annual"] == (
        reverse("wagtailredirects:edit", args=[Redirect.objects.get().pk]),
        ["Redirects to it"],
    )


def test_the_delete_confirmation_lists_links_to_the_pages_under_it(
    client, home_page, report, administrator
):
    child = report.get_children().get()
    StandardPageFactory(
        parent=home_page,
        title="Archive",
        body=[("call_to_action", {"text": "2024", "page": child})],
    )
    _heading, rows = referrers_table(signed_in(client, administrator).get(delete_url(report)))
    assert rows["Archive"][1] == ["Body → Call to action (links to “Annual report 2024”)"]


def test_the_unpublish_confirmation_lists_every_page_that_links_to_it(
    client, report, referring_pages, publisher
):
    response = signed_in(client, publisher).get(
        reverse("wagtailadmin_pages:unpublish", args=[report.pk])
    )
    assert response.status_code == 200
    heading, rows = referrers_table(response)
    assert heading == "Linked from 2 places"
    assert rows["News"][1] == ["Body → Call to action"]
    assert rows["About us"][1] == ["Body → Text"]
    assert "Yes, unpublish it" in response.content.decode()


def test_a_page_nothing_links_to_says_so(client, successor, administrator):
    heading, rows = referrers_table(signed_in(client, administrator).get(delete_url(successor)))
    assert (heading, rows) == ("No links to this page", {})


# --- A redirect on delete -----------------------------------------------------------


def test_deleting_with_a_redirect_sends_old_addresses_to_the_chosen_page(
    client, report, referring_pages, successor, administrator
):
    Redirect.add_redirect("/reports/annual/", redirect_to=report)
    response = signed_in(client, administrator).post(
        delete_url(report), {"redirect_to": successor.pk}, follow=True
    )
    assert response.status_code == 200
    assert not Page.objects.filter(slug="annual-report").exists()
    message = messages_in(response)[0]
    assert message.startswith("Page 'Annual report' deleted. Visitors who follow links to")
    assert "/annual-report/, /annual-report/2024/" in message
    assert "are now sent to 'Our impact' (/impact/) by a permanent redirect." in message
    assert "1 existing redirect that led to it now leads there too." in message
    assert "2 pages linked to it" in message

    client.logout()
    for old in ("/annual-report/", "/annual-report/2024/", "/reports/annual/"):
        response = client.get(old)
        assert (response.status_code, response["Location"]) == (301, "/impact/"), old


def test_deleting_without_a_redirect_leaves_the_old_address_missing(client, report, administrator):
    response = signed_in(client, administrator).post(delete_url(report), {}, follow=True)
    assert messages_in(response) == ["Page 'Annual report' deleted."]
    assert not Redirect.objects.exists()
    client.logout()
    assert client.get("/annual-report/").status_code == 404


def test_the_redirect_must_lead_to_a_published_page_that_stays(
    client, home_page, report, administrator
):
    hidden = StandardPageFactory(parent=home_page, title="Hidden", live=False)
    signed_in(client, administrator)
    for target, error in (
        (report.get_children().get(), "That page is being deleted too."),
        (hidden, "Visitors cannot see that page: it is not published."),
        (Page(pk=99999), "That page no longer exists."),
    ):
        response = client.post(delete_url(report), {"redirect_to": target.pk})
        assert response.status_code == 400
        assert error in response.content.decode()
    assert StandardPage.objects.filter(pk=report.pk).exists()
    assert not Redirect.objects.exists()
