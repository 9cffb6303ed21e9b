"""Photograph the site's first screens in Chromium, at a desktop and a phone size.

`make screenshots` serves the site and runs this against it; the README shows
the home page from docs/screenshots/.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from home.chromium import CHROMIUM_FLAGS, INSTALL_HINT, find_chromium

PAGES = {"home": "/", "programme": "/programmes/one-leeds-workforce/"}
SIZES = {"desktop": (1280, 800), "phone": (375, 812)}


class Command(BaseCommand):
    help = "Take screenshots of the home page and a programme page at 1280 and 375 px wide."

    def add_arguments(self, parser):
        parser.add_argument("base_url", help="where the site is served, e.g. http://127.0.0.1:8097")
        parser.add_argument(
            "--output",
            default=str(Path(settings.BASE_DIR) / "docs" / "screenshots"),
            help="folder to write the PNG files to (default: docs/screenshots)",
        )

    def handle(self, *args, base_url, output, **options):
        executable = find_chromium()
        if executable is None:
            raise CommandError(INSTALL_HINT)
        try:
            from playwright.sync_api import Error, sync_playwright
        except ImportError:
            raise CommandError("Playwright is missing: run `make install-dev`.") from None
        folder = Path(output)
        folder.mkdir(parents=True, exist_ok=True)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=executable, headless=True, args=CHROMIUM_FLAGS
            )
            try:
                for size_name, (width, height) in SIZES.items():
                    context = browser.new_context(viewport={"width": width, "height": height})
                    page = context.new_page()
                    for page_name, path in PAGES.items():
                        url = base_url.rstrip("/") + path
                        try:
                            response = page.goto(url)
                        except Error as error:
                            raise CommandError(f"Could not open {url}: {error}") from None
                        if response is None or response.status != 200:
                            status = response.status if response else "no answer"
                            raise CommandError(f"{url} answered {status}, not 200.")
                        page.wait_for_load_state("networkidle")
                        page.wait_for_timeout(1000)  # let the video player settle
                        file = folder / f"{page_name}-{size_name}-{width}.png"
                        page.screenshot(path=str(file))
                        self.stdout.write(f"Wrote {file}")
                    context.close()
            finally:
                browser.close()
