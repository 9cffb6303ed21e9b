"""Links to deleted or unpublished pages: the Broken links report, what visitors and editors see."""

from html import unescape

import pytest
from bs4 import BeautifulSoup

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import dateformat
from django.utils.timezone import localdate

from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.models import Page
from wagtail.rich_text import RichText
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from home.blocks import DELETED_PAGE_MESSAGE, CallToActionBlock
from home.models import StandardPage
from tests.factories import StandardPageFactory, make_user

REPORT_URL = "/admin/broken-links/"


@pytest.fixture
def administrator(client, db):
    return get_user_model().objects.create_superuser("ada", "ada@lahp.example", "pw")


@pytest.fixture
def report(home_page):
    return StandardPageFactory(parent=home_page, title="Annual report", slug="annual-report")


@pytest.fixture
def events(home_page):
    page = StandardPageFactory(parent=home_page, title="Events", slug="events")
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def news(home_page, report):
    """A page whose call to action leads to the annual report."""
    return StandardPageFactory(
        parent=home_page,
        title="News",
        slug="news",
        body=[
            ("paragraph", RichText("<p>Our latest news.</p>")),
            (
                "call_to_action",
                {"text": "Read our annual report", "page": Page.objects.get(pk=report.pk)},
            ),
        ],
    )


@pytest.fixture
def about(home_page, events):
    """A page with a link in its text to the events page."""
    return StandardPageFactory(
        parent=home_page,
        title="About us",
        slug="about",
        body=[
            (
                "paragraph",
                RichText(f'<p>Come to <a linktype="page" id="{events.pk}">our events</a>.</p>'),
            )
        ],
    )


def delete_as_administrator(client, administrator, page, capture):
    client.force_login(administrator)
    # Links to a deleted page are indexed again once the deletion is committed.
    with capture(execute=True):
        response = client.post(reverse("wagtailadmin_pages:delete", args=[page.pk]))
    assert response.status_code == 302
    client.logout()


def page_text(response) -> str:
    return " ".join(BeautifulSoup(response.content, "html.parser").get_text(" ").split())


def report_rows(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return [
        [" ".join(cell.get_text(" ", strip=True).split()) for cell in row.find_all("td")]
        + [row.td.a["href"]]
        for row in soup.select("table.listing tbody tr")
    ]


def test_the_report_lists_links_to_deleted_and_unpublished_pages(
    client,
    news,
    about,
    report,
    events,
    home_page,
    administrator,
    django_capture_on_commit_callbacks,
):
    # A working link is not listed.
    StandardPageFactory(
        parent=home_page,
        title="Contact",
        body=[("call_to_action", {"text": "Our news", "page": Page.objects.get(pk=news.pk)})],
    )
    delete_as_administrator(client, administrator, report, django_capture_on_commit_callbacks)
    events.unpublish()

    client.force_login(make_user("Editors", "erin"))
    response = client.get(REPORT_URL)
    assert response.status_code == 200
    assert "2 broken links on 2 pages." in page_text(response)
    assert report_rows(response) == [
        [
            "About us (edit)",
            "Body → Text",
            "Events Unpublished",
            "Publish the page it links to, or edit the link to choose another page.",
            reverse("wagtailadmin_pages:edit", args=[about.pk]),
        ],
        [
            "News (edit)",
            "Body → Call to action",
            f"“Annual report” Deleted on {dateformat.format(localdate(), 'j F Y')}",
            "Edit the link: choose another page, or give a web address.",
            reverse("wagtailadmin_pages:edit", args=[news.pk]),
        ],
    ]


def test_a_page_fixed_by_its_editor_leaves_the_report(
    client, news, report, administrator, django_capture_on_commit_callbacks
):
    delete_as_administrator(client, administrator, report, django_capture_on_commit_callbacks)
    client.force_login(administrator)
    assert len(report_rows(client.get(REPORT_URL))) == 1
    news.body = [("call_to_action", {"text": "Read our news", "url": "https://example.org/"})]
    news.save()
    assert report_rows(client.get(REPORT_URL)) == []
    assert "No broken links" in client.get(REPORT_URL).content.decode()


def test_editors_and_publishers_find_the_report_and_others_do_not(client, db):
    for role in ("Editors", "Publishers"):
        client.force_login(make_user(role, role.lower()))
        assert client.get(REPORT_URL).status_code == 200
        assert REPORT_URL in client.get("/admin/").content.decode()
    # Someone who may sign in to the admin but edits no pages.
    reader = get_user_model().objects.create_user("reader", "reader@lahp.example", "pw")
    reader.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(reader)
    assert REPORT_URL not in client.get("/admin/").content.decode()
    assert client.get(REPORT_URL).status_code == 302  # Wagtail's "no permission" redirect


# --- What visitors and editors see ---------------------------------------------------


def news_form(page, call_to_action, **extra):
    return nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "summary": page.summary,
            "body": streamfield([("call_to_action", call_to_action)]),
            "comments": inline_formset([]),
            **extra,
        }
    )


def call_to_action_area(html: str):
    soup = BeautifulSoup(html, "html.parser")
    return soup.select(".call-to-action")


def preview_html(page) -> str:
    """The page as an editor sees it in the Preview panel."""
    response = page.make_preview_request()
    assert response.status_code == 200
    if hasattr(response, "render"):
        response.render()
    return response.content.decode()


def test_a_call_to_action_to_a_deleted_page_shows_visitors_nothing_and_editors_why(
    client, news, report, administrator, django_capture_on_commit_callbacks
):
    deleted_id = report.pk
    delete_as_administrator(client, administrator, report, django_capture_on_commit_callbacks)
    public = client.get("/news/")
    assert public.status_code == 200
    assert call_to_action_area(public.content.decode()) == []
    assert "Read our annual report" not in public.content.decode()

    # The editor's Preview panel, with the page's content as the editor has it.
    client.force_login(administrator)
    preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=[news.pk])
    form = news_form(news, {"text": "Read our annual report", "page": str(deleted_id), "url": ""})
    assert client.post(preview_url, form).json()["is_valid"] is True
    [note] = call_to_action_area(client.get(preview_url).content.decode())
    assert note.a is None
    assert " ".join(note.get_text(" ", strip=True).split()) == (
        "Broken link: “Read our annual report”. This call to action is hidden from visitors: "
        "the page it linked to was deleted. Edit this block to choose another page or give a "
        "web address."
    )


def test_a_call_to_action_to_an_unpublished_page_is_hidden_until_it_is_published(
    client, news, report
):
    report.unpublish()
    assert call_to_action_area(client.get("/news/").content.decode()) == []
    [note] = call_to_action_area(preview_html(StandardPage.objects.get(pk=news.pk)))
    assert "it links to “Annual report”, which is not published." in note.get_text()

    report.save_revision().publish()
    [link] = call_to_action_area(client.get("/news/").content.decode())
    assert link.a["href"] == "/annual-report/"


# --- Editing a call to action that lost its page ---------------------------------------


def test_saving_a_call_to_action_whose_page_was_deleted_says_so(
    client, news, report, administrator, django_capture_on_commit_callbacks
):
    deleted_id = report.pk
    delete_as_administrator(client, administrator, report, django_capture_on_commit_callbacks)
    client.force_login(administrator)
    edit_url = reverse("wagtailadmin_pages:edit", args=[news.pk])

    # The editor keeps the deleted page's id in the chooser, labelled as deleted.
    editor_html = client.get(edit_url).content.decode()
    assert "A page that was deleted" in editor_html

    lost = {"text": "Read our annual report", "page": str(deleted_id), "url": ""}
    response = client.post(edit_url, news_form(news, lost, **{"action-publish": "publish"}))
    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert DELETED_PAGE_MESSAGE in html
    assert "Choose a page or give a web address" not in html

    # A draft may keep it, as it may keep a required field empty; it still says why.
    assert client.post(edit_url, news_form(news, lost)).status_code == 302
    assert "A page that was deleted" in client.get(edit_url).content.decode()

    # Giving a web address instead mends it.
    form = news_form(
        news,
        {"text": "Read our annual report", "page": str(deleted_id), "url": "https://example.org/"},
        **{"action-publish": "publish"},
    )
    assert client.post(edit_url, form).status_code == 302
    client.logout()
    [link] = call_to_action_area(client.get("/news/").content.decode())
    assert link.a["href"] == "https://example.org/"


def test_the_call_to_action_block_names_a_deleted_page(news, report):
    block = CallToActionBlock()
    deleted_id = report.pk
    report.delete()
    value = block.to_python({"text": "Read our annual report", "page": deleted_id, "url": ""})
    assert value.href == ""
    with pytest.raises(StructBlockValidationError) as error:
        block.clean(value)
    assert str(error.value.block_errors["page"].message) == DELETED_PAGE_MESSAGE
    # Saved again without a change, it still remembers which page it lost.
    assert block.get_prep_value(value)["page"] == deleted_id
