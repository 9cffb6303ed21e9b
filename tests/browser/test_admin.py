"""The admin as editors use it, in Chromium: previews and the content checks."""

import re

import pytest

from django.contrib.auth import get_user_model

from home.models import Film
from programmes.models import ProgrammePage

pytestmark = pytest.mark.browser


@pytest.fixture
def signed_in(browser, seeded_site):
    get_user_model().objects.create_superuser("admin", "admin@lahp.example", "a-long-password")
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.goto(seeded_site + "/admin/login/")
    page.fill("#id_username", "admin")
    page.fill("#id_password", "a-long-password")
    page.click("button[type=submit]")
    page.wait_for_url(seeded_site + "/admin/")
    yield page
    context.close()


def open_panel(page, name):
    page.locator(f"button[data-side-panel-toggle='{name}']").click()
    return page.locator(f"[data-side-panel='{name}']")


def preview_frame(page):
    # The panel loads the preview into a second frame, then swaps it in.
    page.wait_for_function(
        """() => { const frames = document.querySelectorAll('iframe.w-preview__iframe');
                   return frames.length === 1 && frames[0].src.includes('/preview/'); }"""
    )
    return page.frame_locator("iframe.w-preview__iframe")


@pytest.mark.parametrize(
    "what",
    ["a programme", "the site's own film"],
)
def test_preview_and_checks_panels_show_the_page_and_a_real_word_count(
    signed_in, seeded_site, what
):
    page = signed_in
    if what == "a programme":
        item = ProgrammePage.objects.get(slug="one-leeds-workforce")
        page.goto(f"{seeded_site}/admin/pages/{item.pk}/edit/")
        heading = item.title
    else:
        item = Film.objects.get()
        page.goto(f"{seeded_site}/admin/snippets/home/film/edit/{item.pk}/")
        heading = "Film preview"
    page.wait_for_load_state("networkidle")

    open_panel(page, "preview")
    frame = preview_frame(page)
    frame.locator("h1").wait_for()
    assert frame.locator("h1").inner_text() == heading

    checks = open_panel(page, "checks")
    words = checks.locator("[data-content-word-count]")
    page.wait_for_function(
        """el => /\\d/.test(el.textContent)""", arg=words.element_handle(), timeout=15000
    )
    count = int(re.sub(r"\D", "", words.inner_text()))
    assert count > 10, checks.inner_text()
