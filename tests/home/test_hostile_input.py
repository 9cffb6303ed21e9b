"""Odd or hostile input to the API and the site search gets an answer, never a server error.

The query strings are in tests/data/hostile_api_inputs.txt; each is sent to
every API listing endpoint, and the search terms among them to /search/ too.
A client's mistake gets a 4xx with a message saying what was wrong.
"""

from pathlib import Path
from urllib.parse import parse_qsl, quote

import pytest

from django.core.files.base import ContentFile
from django.test import Client

from wagtail.documents.models import Document

from tests.factories import AimPageFactory, ImageFactory, ProgrammePageFactory

CORPUS_FILE = Path(__file__).resolve().parent.parent / "data" / "hostile_api_inputs.txt"
ENDPOINTS = ["/api/v2/pages/", "/api/v2/images/", "/api/v2/documents/"]
LONG = "a" * 20_000


def corpus() -> list[str]:
    lines = CORPUS_FILE.read_text(encoding="utf-8").splitlines()
    listed = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    generated = [
        f"search={LONG}",
        f"search={'leeds%20' * 2000}",
        f"fields={'title,' * 3000}",
        f"fields={'aims(' * 500}",
        f"order={LONG}",
        f"type={'home.' * 2000}HomePage",
        f"child_of={'9' * 5000}",
        f"limit={'9' * 5000}",
        "&".join(f"p{n}={n}" for n in range(500)),
        "&".join(["limit=1"] * 500),
    ]
    return listed + generated


def addresses() -> list[str]:
    queries = corpus()
    listings = [f"{endpoint}?{query}" for endpoint in ENDPOINTS for query in queries]
    details = [
        f"{endpoint}{item}"
        for endpoint in ENDPOINTS
        for item in (
            "abc/",
            "-1/",
            "0/",
            "99999999999999999999/",
            "1.5/",
            "%00/",
            "1%00/",
            "1/?fields=*,-id",
            "1/?fields=__class__",
            "1/?fields=aims(",
            "1/?type=unknown.Model",
            "find/",
            "find/?id=abc",
            "find/?id=99999999999999999999",
            "find/?id=%00",
            "find/?html_path=%00",
            "find/?html_path=../../etc/passwd",
            f"find/?html_path=/{LONG}/",
            "find/?html_path=//attacker.example/",
        )
    ]
    search_terms = [
        value for query in queries for name, value in parse_qsl(query) if name == "search"
    ]
    searches = [f"/search/?q={quote(term)}" for term in search_terms] + [
        f"/search/?q=leeds&page={page}"
        for page in ("-1", "0", "abc", "99999999999999999999", "%00", "1e9", "", "1.5", LONG)
    ]
    odd_paths = ["/api/v2/", "/api/v2/%00/", "/api/v2/pages%00/", "/api/v2/../../", "/%00/"]
    return listings + details + searches + odd_paths


@pytest.fixture
def content(aim_index, programme_index):
    aim = AimPageFactory(parent=aim_index, title="Reduce health inequalities")
    ProgrammePageFactory(parent=programme_index, title="One Leeds workforce", aims=[aim])
    ImageFactory(title="Leeds skyline")
    Document.objects.create(title="Annual report", file=ContentFile(b"x", name="report.pdf"))


def test_no_odd_request_to_the_api_or_search_gets_a_server_error(db, content):
    # As a visitor's browser or a partner's script sees it: an error in the site
    # is a 500 page, not an exception in the test.
    client = Client(raise_request_exception=False)
    urls = addresses()
    assert len(urls) > 500
    server_errors, unexplained = [], []
    for url in urls:
        response = client.get(url)
        if response.status_code >= 500:
            server_errors.append((response.status_code, url[:120]))
        elif url.startswith("/api/v2/") and response.status_code == 400:
            # A mistake in the query is explained, in JSON. (An address the API
            # does not have gets the site's 404 page.)
            is_json = response["Content-Type"] == "application/json"
            if not (is_json and response.json().get("message")):
                unexplained.append((response.status_code, url[:120]))
    print(f"{len(urls)} requests, {len(server_errors)} server errors")
    for failure in server_errors + unexplained:
        print(*failure)
    assert server_errors == []
    assert unexplained == []


def test_a_bad_query_is_told_what_was_wrong(client, content):
    response = client.get("/api/v2/pages/", {"search": "leeds", "search_operator": "xor"})
    assert response.status_code == 400
    assert "search_operator" in response.json()["message"]
    response = client.get("/api/v2/pages/", {"offset": str(10**20)})
    assert response.status_code == 400
    assert "offset" in response.json()["message"]


def test_a_search_with_stray_quotes_still_finds_what_it_names(client, content):
    for search in ("workforce", '"One Leeds workforce', "workforce)))", "WORKFORCE\x00"):
        response = client.get("/api/v2/pages/", {"search": search})
        assert response.status_code == 200, search
        titles = [item["title"] for item in response.json()["items"]]
        assert titles == ["One Leeds workforce"], search
