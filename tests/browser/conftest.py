"""A real Chromium, driven by Playwright, against the site served by live_server.

Chromium comes from the system (Debian's `chromium` package); Playwright's own
browser download is never used. On a machine without Chromium these tests skip
with a message saying how to install it; with CI=true or LAHP_REQUIRE_BROWSER=1
they fail instead, so a green CI run always means they ran.
"""

import os
from pathlib import Path

import pytest

from home.chromium import CHROMIUM_FLAGS, INSTALL_HINT, find_chromium
from home.seed import FilmSettings, load_seed_content
from tests.conftest import empty_tree


def browser_required() -> bool:
    return any(
        os.environ.get(name, "").lower() in {"1", "true", "yes"}
        for name in ("CI", "LAHP_REQUIRE_BROWSER")
    )


@pytest.fixture(scope="session")
def browser():
    executable = find_chromium()
    message = f"{INSTALL_HINT} The browser tests need it."
    if executable is None:
        if browser_required():
            pytest.fail(message)
        pytest.skip(message)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as error:  # pragma: no cover - dev requirements missing
        pytest.fail(f"Playwright is missing from the dev requirements: {error}")
    # Playwright's sync API runs an event loop in the test thread; Django's
    # guard against database calls from async code would otherwise trip.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=executable, headless=True, args=CHROMIUM_FLAGS
            )
            yield chromium
            chromium.close()


AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="session")
def axe_script() -> Path:
    """axe-core's script, from the version pinned in package-lock.json (installed by make)."""
    if not AXE.exists():
        message = "axe-core is not installed. Run `npm ci` (make test does) to run the scans."
        if browser_required():
            pytest.fail(message)
        pytest.skip(message)
    return AXE


@pytest.fixture
def film_site(transactional_db, live_server, tmp_path):
    """The seeded site with the strategy film configured and published."""
    transcript = tmp_path / "transcript.txt"
    transcript.write_text("Narrator: Leeds works together.\n\nThe film shows a hospital ward.")
    empty_tree()
    load_seed_content(
        FilmSettings(
            url="https://youtu.be/dQw4w9WgXcQ",
            transcript_path=str(transcript),
            captions_confirmed=True,
        )
    )
    return live_server.url


@pytest.fixture
def seeded_site(transactional_db, live_server):
    empty_tree()
    load_seed_content()
    return live_server.url


@pytest.fixture
def open_page(browser, seeded_site):
    """Open a page of the seeded site; returns (page, response). Closes contexts afterwards."""
    contexts = []

    def _open(path="/", width=1280, height=800, javascript=True):
        context = browser.new_context(
            viewport={"width": width, "height": height}, java_script_enabled=javascript
        )
        contexts.append(context)
        page = context.new_page()
        response = page.goto(seeded_site + path)
        assert response.status == 200, f"{path} answered {response.status}"
        if javascript:
            page.wait_for_load_state("networkidle")
        return page

    yield _open
    for context in contexts:
        context.close()
