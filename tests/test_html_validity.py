"""Every page type is valid HTML, checked by the Nu HTML Checker (the W3C's own validator).

The checker comes from npm (vnu-jar, pinned in package-lock.json, installed by
`make test`) and runs on Java. Without them these tests skip with a message,
except in CI (CI=true), where they fail.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from home.models import HomePage
from home.seed import load_seed_content
from tests.conftest import empty_tree
from tests.factories import FilmFactory, StandardPageFactory

VNU = (
    Path(__file__).resolve().parent.parent
    / "node_modules"
    / "vnu-jar"
    / "build"
    / "dist"
    / "vnu.jar"
)

PAGES = {
    "home with the site's own film": "/",
    "a page with a YouTube film": "/film-on-youtube/",
    "aims index": "/aims/",
    "an aim": "/aims/reduce-health-inequalities/",
    "programmes index": "/programmes/",
    "a programme": "/programmes/one-leeds-workforce/",
    "members": "/members/",
    "accessibility statement": "/accessibility-statement/",
    "privacy notice": "/privacy/",
    "cookies": "/cookies/",
    "cookies, just withdrawn": "/cookies/?video-consent-withdrawn=1",
    "search with results": "/search/?q=health",
    "search with no results": "/search/?q=zebra",
    "page not found, with suggestions": "/projects/one-leeds-workforce-academy/",
}


def validator() -> list[str]:
    java = shutil.which("java")
    if java is None or not VNU.exists():
        message = (
            "The Nu HTML Checker needs Java and `npm ci` (make test runs it); "
            f"java: {java or 'missing'}, {VNU.name}: {'found' if VNU.exists() else 'missing'}."
        )
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail(message)
        pytest.skip(message)
    return [java, "-Xss4m", "-jar", str(VNU), "--errors-only", "--format", "json"]


def check(files: list[Path]) -> list[dict]:
    result = subprocess.run(
        [*validator(), *map(str, files)], capture_output=True, text=True, timeout=120, check=False
    )
    # The checker writes its report to standard error, and exits 1 when it finds errors.
    report = json.loads(result.stderr or '{"messages": []}')
    return [message for message in report["messages"] if message["type"] == "error"]


def test_the_checker_finds_a_real_error(tmp_path):
    """Proves the checks below are live: an unclosed element must be reported."""
    broken = tmp_path / "broken.html"
    broken.write_text("<!DOCTYPE html><html lang=en><title>x</title><p><div></p></html>")
    assert check([broken])


def test_every_page_type_is_valid_html(db, client, tmp_path):
    validator()
    empty_tree()
    load_seed_content()
    StandardPageFactory(
        parent=HomePage.objects.get(),
        title="Our strategy on YouTube",
        slug="film-on-youtube",
        body=[("film", {"introduction": "Watch it on YouTube.", "film": FilmFactory()})],
    )
    files = []
    for number, (name, path) in enumerate(PAGES.items()):
        response = client.get(path)
        assert response.status_code == (404 if "not found" in name else 200), path
        file = tmp_path / f"{number:02d}.html"
        file.write_bytes(response.content)
        files.append(file)
    errors = check(files)
    names = {file.resolve().as_uri(): name for file, name in zip(files, PAGES, strict=True)}
    report = [
        f"{names.get(error.get('url'), error.get('url'))}: line {error.get('lastLine')}: "
        f"{error['message']}"
        for error in errors
    ]
    print(f"Nu HTML Checker: {len(files)} pages, {len(errors)} errors")
    assert report == []
