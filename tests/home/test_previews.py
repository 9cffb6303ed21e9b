"""Editors' previews: the admin's Preview and Checks panels frame the page; visitors' pages
may not be framed by anyone."""

from tests.factories import FilmFactory


def frame_ancestors(response) -> str:
    directives = dict(
        directive.strip().split(" ", 1)
        for directive in response["Content-Security-Policy"].split(";")
    )
    return directives["frame-ancestors"]


def test_a_pages_preview_may_be_framed_by_the_admin_only(client, home_page, aim_index):
    for page in (home_page, aim_index):
        preview = page.make_preview_request()
        assert preview.status_code == 200
        assert frame_ancestors(preview) == "'self'"
        # The same page served to visitors may not be framed at all.
        assert frame_ancestors(client.get(page.url)) == "'none'"


def test_a_films_preview_may_be_framed_by_the_admin_only(home_page):
    preview = FilmFactory().make_preview_request()
    assert preview.status_code == 200
    assert frame_ancestors(preview) == "'self'"
