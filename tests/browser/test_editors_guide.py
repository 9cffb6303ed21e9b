"""The editors' guide (docs/editors.md), followed literally in Chromium.

Each journey clicks the menus, tabs, buttons and fields the guide names, taking
each name from the guide's own section (its **bold** labels), so a label that
changes in the admin or in the guide fails here until both agree again.
"""

import re
from datetime import timedelta
from importlib import import_module
from pathlib import Path

import pytest

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils.timezone import localdate, localtime, now

from wagtail.images import get_image_model
from wagtail.models import Page

pytestmark = pytest.mark.browser

GUIDE_PATH = Path(__file__).resolve().parents[2] / "docs" / "editors.md"
PASSWORD = "a-long-test-only-password"
PROGRAMME = "One Leeds workforce"
PROGRAMME_PATH = "/programmes/one-leeds-workforce/"


class Guide:
    """The guide's sections, and the labels each one puts in bold."""

    def __init__(self, text: str):
        self.sections: dict[str, str] = {}
        title = ""
        for line in text.splitlines():
            heading = re.match(r"#{2,3} (.+)", line)
            if heading:
                title = heading.group(1).strip()
                self.sections[title] = ""
            elif title:
                self.sections[title] += line + "\n"

    def text(self, section: str) -> str:
        assert section in self.sections, f"The guide has no section '{section}'"
        return " ".join(self.sections[section].split())

    def labels(self, section: str) -> set[str]:
        labels = set()
        for bold in re.findall(r"\*\*(.+?)\*\*", self.text(section)):
            labels.add(bold)
            labels.update(part.strip() for part in bold.split("›"))
        return labels

    def section(self, section: str):
        """A function giving back a label after checking this section of the guide uses it."""
        labels = self.labels(section)

        def label(name: str) -> str:
            assert name in labels, f"'{name}' is not a label in the guide's '{section}'"
            return name

        return label


@pytest.fixture(scope="module")
def guide() -> Guide:
    return Guide(GUIDE_PATH.read_text(encoding="utf-8"))


def run_data_migration(name: str, function: str) -> None:
    getattr(import_module(f"home.migrations.{name}"), function)(apps, None)


@pytest.fixture
def people(seeded_site):
    """An editor, a publisher and an administrator, with the roles and the sign-off workflow
    the migrations create (live_server's tests start from a flushed database)."""
    run_data_migration("0002_editors_and_publishers", "create_roles")
    run_data_migration("0005_sign_off_for_films_and_partners", "sign_off_films_and_partners")
    users = get_user_model().objects
    for role, username in (("Editors", "erin"), ("Publishers", "priya")):
        user = users.create_user(
            username, f"{username}@lahp.example", PASSWORD, first_name=username.title()
        )
        user.groups.add(Group.objects.get(name=role))
    users.create_superuser("ada", "ada@lahp.example", PASSWORD)


@pytest.fixture
def sign_in(browser, seeded_site, people):
    contexts = []

    def _sign_in(username: str):
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        contexts.append(context)
        page = context.new_page()
        assert page.goto(seeded_site + "/admin/login/").status == 200
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(seeded_site + "/admin/")
        return page

    yield _sign_in
    for context in contexts:
        context.close()


def message(page) -> str:
    """The first message at the top of the admin page, as it reads."""
    return " ".join(page.locator(".messages li").first.inner_text().split())


def side_panel(page, name: str):
    """Open a panel at the top right of the editor by the name its icon shows on hover."""
    page.get_by_role("button", name=f"Toggle {name.lower()}").click()
    return page.locator(f"[data-side-panel='{name.lower()}']")


def menu(page, *path: str) -> None:
    """Follow a path through the menu on the left, such as Settings › Redirects."""
    sidebar = page.locator("aside")
    *sections, item = path
    for section in sections:
        sidebar.get_by_role("button", name=section, exact=True).click()
    with page.expect_navigation():
        sidebar.get_by_role("link", name=item, exact=True).click()


def open_programme(page, say) -> None:
    """Pages › the home page › Our programmes (by its arrow) › the programme's title."""
    page.locator("aside").get_by_role("button", name=say("Pages"), exact=True).click()
    with page.expect_navigation():
        page.locator("aside").get_by_role(
            "link", name=say("Leeds Academic Health Partnership"), exact=True
        ).click()
    with page.expect_navigation():
        page.get_by_role(
            "link", name=f"{say('Explore child pages')} of '{say('Our programmes')}'"
        ).click()
    with page.expect_navigation():
        page.get_by_role("link", name=say(PROGRAMME), exact=True).click()
    page.wait_for_load_state("networkidle")


def submit_for_sign_off(page, say) -> None:
    page.get_by_role("button", name=say("More actions")).click()
    with page.expect_navigation():
        page.get_by_role("button", name=say("Submit to Sign-off")).click()


def heading_for_visitors(browser, url: str) -> str:
    context = browser.new_context()
    try:
        page = context.new_page()
        assert page.goto(url).status == 200
        return page.locator("h1").inner_text()
    finally:
        context.close()


def test_an_editor_edits_previews_and_submits_a_programme_and_a_publisher_publishes_it(
    browser, sign_in, seeded_site, guide
):
    say = guide.section("Edit a page")
    new_title = "One Leeds workforce: the 2027 intake"
    editor = sign_in("erin")
    open_programme(editor, say)

    # The title's limit, counted as the guide says.
    assert say("Title") == "Title"
    assert '(for example "19 of 80 characters")' in guide.text("Edit a page")
    assert editor.get_by_text("19 of 80 characters").is_visible()
    editor.locator("#id_title").fill(new_title)
    assert editor.get_by_text(f"{len(new_title)} of 80 characters").is_visible()

    preview = side_panel(editor, say("Preview"))
    editor.wait_for_function(
        """() => [...document.querySelectorAll('iframe.w-preview__iframe')]
                 .some(frame => frame.src.includes('/preview/'))"""
    )
    frame = preview.frame_locator("iframe.w-preview__iframe").last
    frame.get_by_role("heading", level=1, name=new_title).wait_for()

    submit_for_sign_off(editor, say)
    submitted = "was submitted for sign-off. A publisher will review it."
    assert submitted in guide.text("Edit a page")
    assert message(editor).startswith(f"'{new_title}' {submitted}")

    # The publisher finds it on the dashboard and approves it from its editor.
    say = guide.section("Submit for sign-off, approve or reject")
    publisher = sign_in("priya")
    reviews = publisher.locator(
        "section", has=publisher.get_by_role("heading", name=say("Awaiting your review"))
    )
    with publisher.expect_navigation():
        reviews.get_by_role("link", name=new_title).click()
    publisher.get_by_role("button", name=say("More actions")).click()
    with publisher.expect_navigation():
        publisher.get_by_role("button", name=say("Approve and Publish"), exact=True).click()
    assert "was approved and published." in guide.text("Submit for sign-off, approve or reject")
    assert message(publisher).startswith(f"'{new_title}' was approved and published.")
    assert heading_for_visitors(browser, seeded_site + PROGRAMME_PATH) == new_title


def test_an_editor_schedules_a_change_in_the_status_panel(browser, sign_in, seeded_site, guide):
    say = guide.section("Schedule a change")
    new_title = "One Leeds workforce: next year"
    go_live = (localtime(now()) + timedelta(days=7)).replace(hour=9, minute=0)
    editor = sign_in("erin")
    open_programme(editor, guide.section("Edit a page"))
    editor.locator("#id_title").fill(new_title)

    status = side_panel(editor, say("Status"))
    status.get_by_role("button", name=say("Set schedule")).click()
    editor.get_by_label(say("Go live date/time")).fill(f"{go_live:%d/%m/%Y %H:%M}")
    assert editor.get_by_label(say("Expiry date/time")).is_visible()
    # By keyboard: the date picker's calendar covers the button until the field loses focus.
    with editor.expect_navigation():
        editor.get_by_role("button", name=say("Save schedule")).press("Enter")
    status = side_panel(editor, say("Status"))
    assert status.get_by_text(say("Once scheduled")).is_visible()
    assert status.get_by_role("button", name=say("Edit schedule")).is_visible()
    submit_for_sign_off(editor, say)

    publisher = sign_in("priya")
    page_id = Page.objects.get(url_path__endswith="/one-leeds-workforce/").pk
    publisher.goto(f"{seeded_site}/admin/pages/{page_id}/edit/")
    publisher.get_by_role("button", name="More actions").click()
    with publisher.expect_navigation():
        publisher.get_by_role("button", name=say("Approve and Publish"), exact=True).click()
    assert message(publisher).startswith(f"'{new_title}' was approved and will be published on")
    assert heading_for_visitors(browser, seeded_site + PROGRAMME_PATH) == PROGRAMME

    publisher.goto(f"{seeded_site}/admin/pages/{Page.objects.get(pk=page_id).get_parent().pk}/")
    row = publisher.locator("tr", has_text=new_title)
    assert say("live + scheduled") in row.inner_text().lower()


def test_an_editor_uploads_an_image_and_gives_its_alt_text(sign_in, guide, tmp_path):
    from PIL import Image

    picture = tmp_path / "ward.png"
    Image.new("RGB", (1600, 900), (0, 94, 184)).save(picture)
    say = guide.section("Add an image")
    editor = sign_in("erin")
    menu(editor, say("Images"))
    with editor.expect_navigation():
        editor.get_by_role("link", name=say("Add an image")).first.click()
    editor.locator("input[type=file]").first.set_input_files(picture)

    uploaded = editor.locator("#upload-list li", has_text="ward.png")
    alt_text = uploaded.get_by_label(say("Alt text"))
    alt_text.fill("Nurses talking with a patient on a hospital ward")
    uploaded.get_by_role("button", name=say("Update")).click()
    assert 'The admin says "Image updated."' in guide.text("Add an image")
    # The row goes once the picture is saved, and the admin says so at the top.
    editor.locator(".messages").get_by_text("Image updated.").wait_for()
    uploaded.wait_for(state="detached")
    assert get_image_model().objects.get(title="ward").description == (
        "Nurses talking with a patient on a hospital ward"
    )


def test_a_publisher_sets_a_next_review_date_in_the_settings_tab(sign_in, seeded_site, guide):
    say = guide.section("Keep content accurate: reviews")
    due = localdate() + timedelta(days=10)
    page_id = Page.objects.get(url_path__endswith="/one-leeds-workforce/").pk

    editor = sign_in("erin")
    editor.goto(f"{seeded_site}/admin/pages/{page_id}/edit/")
    assert editor.get_by_role("tab", name="Content").is_visible()
    assert editor.get_by_role("tab", name=say("Settings")).count() == 0

    publisher = sign_in("priya")
    publisher.goto(f"{seeded_site}/admin/pages/{page_id}/edit/")
    publisher.get_by_role("tab", name=say("Settings")).click()
    publisher.get_by_role("textbox", name=say("Next review due")).fill(f"{due:%d/%m/%Y}")
    publisher.keyboard.press("Escape")
    with publisher.expect_navigation():
        publisher.get_by_role("button", name=say("Save draft")).click()

    menu(publisher, "Reports", say("Content review"))
    row = publisher.locator("tr", has_text=PROGRAMME)
    assert f"{due.day} {due:%B %Y}" in row.inner_text()
    assert row.get_by_role("link", name=f"{say('Review')} {PROGRAMME}").is_visible()


def test_a_publisher_adds_a_redirect_which_editors_cannot(browser, sign_in, seeded_site, guide):
    say = guide.section("Add a redirect")
    editor = sign_in("erin")
    assert editor.locator("aside").get_by_role("button", name=say("Settings")).count() == 0

    publisher = sign_in("priya")
    menu(publisher, say("Settings"), say("Redirects"))
    with publisher.expect_navigation():
        publisher.get_by_role("link", name=say("Add redirect")).click()
    publisher.get_by_label(say("Redirect from")).fill("/news-and-events/our-annual-report/")
    from_site = publisher.get_by_label(say("From site"))
    assert from_site.locator("option:checked").inner_text() == say("All sites")
    assert publisher.get_by_label(say("Permanent")).is_checked()
    publisher.get_by_role("button", name=say("Choose a page")).click()
    modal = publisher.locator(".modal-dialog")
    modal.get_by_title("Explore subpages of 'Leeds Academic Health Partnership'").click()
    modal.get_by_role("link", name="Our programmes", exact=True).click()
    with publisher.expect_navigation():
        publisher.get_by_role("button", name=say("Create")).click()
    assert "/news-and-events/our-annual-report" in message(publisher)

    visitor = browser.new_context()
    response = visitor.request.get(
        seeded_site + "/news-and-events/our-annual-report/", max_redirects=0
    )
    assert response.status == 301
    assert response.headers["location"] == "/programmes/"
    visitor.close()


def test_an_administrator_adds_people_to_a_role(sign_in, guide):
    say = guide.section("Who can do what")
    admin = sign_in("ada")
    menu(admin, say("Settings"), say("Users"))
    with admin.expect_navigation():
        admin.get_by_role("link", name=say("Add a user")).click()
    admin.get_by_role("tab", name=say("Roles")).first.click()
    for role in (say("Editors"), say("Publishers")):
        assert admin.get_by_label(role, exact=True).is_visible()
