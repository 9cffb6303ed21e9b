"""Sign-off in Chromium: a film an editor submits appears on a publisher's dashboard."""

from importlib import import_module

import pytest

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

pytestmark = pytest.mark.browser

PASSWORD = "a-long-test-only-password"


def run_data_migration(name: str, function: str) -> None:
    getattr(import_module(f"home.migrations.{name}"), function)(apps, None)


@pytest.fixture
def people(seeded_site):
    """An editor and a publisher, with the roles and workflow the migrations create
    (live_server's tests start from a flushed database, without migration data)."""
    run_data_migration("0002_editors_and_publishers", "create_roles")
    run_data_migration("0005_sign_off_for_films_and_partners", "sign_off_films_and_partners")
    people = {}
    for role, username in (("Editors", "erin"), ("Publishers", "priya")):
        user = get_user_model().objects.create_user(
            username, f"{username}@lahp.example", PASSWORD, first_name=username.title()
        )
        user.groups.add(Group.objects.get(name=role))
        people[role] = user
    return people


def sign_in(browser, base: str, username: str):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    assert page.goto(base + "/admin/login/").status == 200
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(base + "/admin/")
    return context, page


def first_message(page) -> str:
    """The first message at the top of the admin page, as it reads."""
    return " ".join(page.locator(".messages li").first.inner_text().split())


def test_a_film_an_editor_submits_appears_on_a_publishers_dashboard(browser, seeded_site, people):
    context, page = sign_in(browser, seeded_site, "erin")
    try:
        assert page.goto(seeded_site + "/admin/snippets/home/film/").status == 200
        page.get_by_role("link", name="Our strategy").first.click()
        page.get_by_role("textbox", name="Title").fill("Our strategy, with the new aims")
        page.get_by_role("button", name="More actions").click()
        with page.expect_navigation():
            page.get_by_role("button", name="Submit to Sign-off").click()
        assert first_message(page).startswith(
            "'Our strategy, with the new aims' was submitted for sign-off. "
            "A publisher will review it."
        )
    finally:
        context.close()

    context, page = sign_in(browser, seeded_site, "priya")
    try:
        heading = page.get_by_role("heading", name="Awaiting your review")
        reviews = page.locator("section", has=heading)
        assert reviews.count() == 1
        assert reviews.get_by_text("Our strategy, with the new aims").is_visible()

        # Approving from the dashboard publishes it, and says so.
        reviews.get_by_role("button", name="Actions").click()
        with page.expect_navigation():
            reviews.get_by_role("button", name="Approve", exact=True).click()
        assert page.url == seeded_site + "/admin/"
        assert first_message(page).startswith(
            "'Our strategy, with the new aims' was approved and published."
        )
        assert reviews.count() == 0
        assert page.goto(seeded_site + "/").status == 200
        assert page.get_by_text("Our strategy, with the new aims").count() > 0
    finally:
        context.close()
