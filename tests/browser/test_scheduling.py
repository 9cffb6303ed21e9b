"""An editor's change scheduled a minute ahead goes live under the development server.

The site runs exactly as `make run` runs it (the development server with the
scheduler beside it), on a database of its own; an editor and a publisher use
the admin in Chromium, and a visitor sees the change once its time comes.
"""

import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from django.conf import settings

from tests.dev_server import free_port, make_run, manage, migrated_copy, wait_until_serving

pytestmark = pytest.mark.browser

PASSWORD = "a-long-password-for-tests"
CREATE_USERS = f"""
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
for name, role in [("erin", "Editors"), ("priya", "Publishers")]:
    user = get_user_model().objects.create_user(name, f"{{name}}@lahp.example", "{PASSWORD}")
    user.groups.add(Group.objects.get(name=role))
"""
PAGE_IDS = """
from wagtail.models import Page
page = Page.objects.get(slug="one-leeds-workforce")
print(page.pk, page.get_parent().pk)
"""
CONTEXTS = []
OLD_TITLE = "One Leeds workforce"
NEW_TITLE = "One Leeds workforce: a new intake"


def sign_in(browser, site_url, username):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    CONTEXTS.append(context)
    page = context.new_page()
    page.goto(f"{site_url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{site_url}/admin/")
    return page


def heading_for_visitors(browser, url) -> str:
    context = browser.new_context()
    try:
        page = context.new_page()
        response = page.goto(url)
        assert response.status == 200
        return page.locator("h1").inner_text()
    finally:
        context.close()


def test_a_change_scheduled_a_minute_ahead_goes_live_under_make_run(
    browser, migrated_site, tmp_path
):
    site = migrated_copy(migrated_site, tmp_path / "site")
    manage(site, "shell", "-c", CREATE_USERS)
    port = free_port()
    site_url = f"http://127.0.0.1:{port}"
    run = make_run(site, port, "SCHEDULER_INTERVAL=5")
    try:
        wait_until_serving(f"{site_url}/")
        page_id, parent_id = manage(site, "shell", "-c", PAGE_IDS).split()[-2:]
        public_url = f"{site_url}/programmes/one-leeds-workforce/"
        listing_url = f"{site_url}/admin/pages/{parent_id}/"

        # The editor changes the title and schedules it for about a minute ahead.
        editor = sign_in(browser, site_url, "erin")
        editor.goto(f"{site_url}/admin/pages/{page_id}/edit/")
        editor.fill("#id_title", NEW_TITLE)
        editor.get_by_role("button", name="Toggle status").click()
        editor.get_by_role("button", name="Set schedule").click()
        now = datetime.now(ZoneInfo(settings.TIME_ZONE))
        # Editors choose whole minutes: 30 to 90 seconds ahead, a minute on average, leaves
        # time to sign off (which takes under 10 seconds here).
        go_live = (now + timedelta(seconds=90)).replace(second=0, microsecond=0)
        editor.fill("#id_go_live_at", f"{go_live:%d/%m/%Y %H:%M}")
        # By keyboard: the date picker's calendar covers the button until the field loses focus.
        with editor.expect_navigation():
            editor.get_by_role("button", name="Save schedule").press("Enter")
        editor.get_by_role("button", name="More actions").click()
        with editor.expect_navigation():
            editor.get_by_role("button", name="Submit to Sign-off").click()

        # A publisher approves it: it waits for its time.
        publisher = sign_in(browser, site_url, "priya")
        publisher.goto(f"{site_url}/admin/pages/{page_id}/edit/")
        publisher.get_by_role("button", name="More actions").click()
        with publisher.expect_navigation():
            publisher.get_by_role("button", name="Approve and Publish", exact=True).click()
        assert heading_for_visitors(browser, public_url) == OLD_TITLE
        publisher.goto(listing_url)
        row = publisher.locator("tr", has_text=NEW_TITLE)
        assert "live + scheduled" in row.inner_text().lower()

        # The scheduler beside the server publishes it once the time has come.
        deadline = time.monotonic() + 120
        while heading_for_visitors(browser, public_url) != NEW_TITLE:
            assert time.monotonic() < deadline, f"Not live by 120 s:\n{run.output()[-3000:]}"
            time.sleep(2)
        assert datetime.now(ZoneInfo(settings.TIME_ZONE)) >= go_live

        publisher.goto(listing_url)
        status = publisher.locator("tr", has_text=NEW_TITLE).inner_text().lower()
        assert "live" in status
        assert "scheduled" not in status
        publisher.goto(f"{site_url}/admin/")
        assert publisher.get_by_text("Scheduled publishing is not running").count() == 0
        assert f"Published “{NEW_TITLE}” (programme page)" in run.output()

        # Ctrl+C stops the server and the scheduler, leaving nothing running.
        run.ctrl_c()
        run.wait()
        assert run.remaining() == []
        run.wait_for_output("Scheduler stopped.", timeout=10, running=False)
    finally:
        run.kill()
        while CONTEXTS:
            CONTEXTS.pop().close()
