"""Communications staff edit programmes in the admin; visitors see only what is published."""

import pytest
from bs4 import BeautifulSoup

from django.contrib.auth import get_user_model

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from home.blocks import RICH_TEXT_FEATURES
from programmes.models import ProgrammePage
from tests.factories import AimPageFactory, ProgrammePageFactory


@pytest.fixture
def editor_client(client, db):
    user = get_user_model().objects.create_superuser("editor", "editor@example.org", "pw")
    client.force_login(user)
    return client


@pytest.fixture
def programme(programme_index):
    return ProgrammePageFactory(
        parent=programme_index,
        title="One Leeds workforce",
        slug="one-leeds-workforce",
        summary="In an unprecedented approach, we’re developing ‘one Leeds workforce’.",
    )


def programme_form(page, aims=(), **changes):
    data = {
        "title": page.title,
        "slug": page.slug,
        "summary": page.summary,
        "key_facts": streamfield(
            [("key_fact", {"figure": "around 57,000", "description": "health and care staff"})]
        ),
        "body": streamfield(
            [
                ("heading", {"text": "The Health and Care Academy", "level": "h2"}),
                (
                    "paragraph",
                    rich_text(
                        "<p>Staff will have the best skills.</p>", features=RICH_TEXT_FEATURES
                    ),
                ),
            ]
        ),
        "external_url": "",
        "external_link_text": "",
        "comments": inline_formset([]),
        **changes,
    }
    form = nested_form_data(data)
    form["aims"] = [str(aim.pk) for aim in aims]
    return form


def edit_url(page):
    return f"/admin/pages/{page.pk}/edit/"


def test_publishing_in_the_admin_changes_the_public_page(editor_client, client, programme, aims):
    form = programme_form(
        programme,
        aims=[aims[1]],
        summary="A new summary, checked and signed off.",
    )
    form["action-publish"] = "action-publish"
    response = editor_client.post(edit_url(programme), form)
    assert response.status_code == 302, response.content.decode()[:2000]

    public = client.get("/programmes/one-leeds-workforce/")
    assert "A new summary, checked and signed off." in public.content.decode()
    assert "The Health and Care Academy" in public.content.decode()
    assert "around 57,000" in public.content.decode()
    # The aim chosen in the admin is shown on both sides: every aim page lists every
    # programme, and marks the ones that work towards it.
    assert aims[1].title in public.content.decode()
    for aim, marked in [(aims[1], True), (aims[0], False)]:
        html = BeautifulSoup(client.get(aim.url).content, "html.parser")
        card = html.find(id=f"teaser-{programme.slug}").find_parent("li")
        assert (card.find(class_="teaser__tag") is not None) is marked, aim.title


def test_a_saved_draft_is_not_shown_to_visitors(editor_client, client, programme):
    form = programme_form(programme, summary="A draft nobody has signed off.")
    response = editor_client.post(edit_url(programme), form)
    assert response.status_code == 302

    assert "A draft nobody has signed off." not in client.get(programme.url).content.decode()
    assert "A draft nobody has signed off." not in client.get("/programmes/").content.decode()
    assert "A draft nobody has signed off." not in client.get("/").content.decode()
    # The editor still sees it in preview before sign-off.
    preview = editor_client.post(f"/admin/pages/{programme.pk}/edit/preview/", form)
    assert preview.json()["is_valid"] is True
    preview_page = editor_client.get(f"/admin/pages/{programme.pk}/edit/preview/")
    assert "A draft nobody has signed off." in preview_page.content.decode()


def test_admin_form_explains_what_is_missing(editor_client, programme):
    form = programme_form(programme, summary="")
    form["action-publish"] = "action-publish"
    response = editor_client.post(edit_url(programme), form)
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    programme.refresh_from_db()
    assert programme.summary.startswith("In an unprecedented approach")


def test_unpublished_programme_is_not_listed_or_served(client, programme, programmes):
    programme.unpublish()
    assert programme.title not in client.get("/programmes/").content.decode()
    assert programme.title not in client.get("/").content.decode()
    assert client.get("/programmes/one-leeds-workforce/").status_code == 404
    for other in programmes:
        assert other.title in client.get("/programmes/").content.decode()


def test_private_programme_is_not_listed(client, programme):
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(page=programme, restriction_type="login")
    assert programme.title not in client.get("/programmes/").content.decode()


def test_aim_lists_only_live_programmes(client, aim_index, programme_index):
    aim = AimPageFactory(parent=aim_index, title="Reduce health inequalities")
    live = ProgrammePageFactory(parent=programme_index, title="Live programme", aims=[aim])
    draft = ProgrammePageFactory(parent=programme_index, title="Draft programme", aims=[aim])
    draft.unpublish()
    html = client.get(aim.url).content.decode()
    assert live.title in html
    assert draft.title not in html


def test_programme_order_follows_the_page_tree(client, programme_index):
    first = ProgrammePageFactory(parent=programme_index, title="First programme")
    second = ProgrammePageFactory(parent=programme_index, title="Second programme")
    html = client.get("/programmes/").content.decode()
    assert html.index(first.title) < html.index(second.title)
    second.move(first, pos="left")
    html = client.get("/programmes/").content.decode()
    assert html.index(second.title) < html.index(first.title)
    assert ProgrammePage.objects.count() == 2
