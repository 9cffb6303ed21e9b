"""The read-only API partners use (docs/api.md)."""

import pytest

from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from tests.factories import AimPageFactory, PartnerFactory, ProgrammePageFactory


@pytest.fixture
def content(aim_index, programme_index):
    aim = AimPageFactory(parent=aim_index, title="Reduce health inequalities")
    programme = ProgrammePageFactory(
        parent=programme_index,
        title="One Leeds workforce",
        key_facts=[("key_fact", {"figure": "around 57,000", "description": "staff"})],
        aims=[aim],
        partners=[PartnerFactory(name="A trust"), PartnerFactory(name="Draft", live=False)],
    )
    draft = ProgrammePageFactory(parent=programme_index, title="Draft programme")
    draft.unpublish()
    private = ProgrammePageFactory(parent=programme_index, title="Private programme")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    return {"aim": aim, "programme": programme}


def get(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json"
    return response.json()


def test_api_lists_programmes_and_hides_drafts_and_private_pages(client, content):
    data = get(client, "/api/v2/pages/", type="programmes.ProgrammePage")
    assert [item["title"] for item in data["items"]] == ["One Leeds workforce"]


def test_programme_fields_for_partners(client, content):
    programme = content["programme"]
    item = get(
        client,
        "/api/v2/pages/",
        type="programmes.ProgrammePage",
        fields="summary,key_facts,aims,partners,short_url",
    )["items"][0]
    assert item["meta"]["html_url"] == f"http://localhost{programme.url}"
    assert item["summary"] == programme.summary
    assert item["key_facts"][0]["value"] == {"figure": "around 57,000", "description": "staff"}
    assert [aim["title"] for aim in item["aims"]] == ["Reduce health inequalities"]
    assert [partner["name"] for partner in item["partners"]] == ["A trust"]
    assert item["short_url"] == f"http://localhost/p/{programme.pk}/"


def test_aims_list_their_live_programmes(client, content):
    item = get(client, "/api/v2/pages/", type="aims.AimPage", fields="summary,programmes")["items"][
        0
    ]
    assert [p["title"] for p in item["programmes"]] == ["One Leeds workforce"]


def test_api_is_read_only(client, content):
    for method in (client.post, client.put, client.delete):
        assert method("/api/v2/pages/").status_code == 405


def test_a_draft_cannot_be_fetched_by_id(client, content, programme_index):
    draft = ProgrammePageFactory(parent=programme_index)
    draft.unpublish()
    assert client.get(f"/api/v2/pages/{draft.pk}/").status_code == 404


def test_documents_in_private_collections_are_not_listed(client, content):
    from django.core.files.base import ContentFile

    from wagtail.documents.models import Document

    root = Collection.get_first_root_node()
    private = root.add_child(name="Board papers")
    CollectionViewRestriction.objects.create(collection=private, restriction_type="login")
    Document.objects.create(title="Annual report", file=ContentFile(b"x", name="report.pdf"))
    Document.objects.create(
        title="Board minutes", file=ContentFile(b"x", name="minutes.pdf"), collection=private
    )
    titles = [item["title"] for item in get(client, "/api/v2/documents/")["items"]]
    assert titles == ["Annual report"]


def test_bad_api_queries_get_a_clear_error_not_a_crash(client, content):
    response = client.get("/api/v2/pages/", {"type": "no.SuchPage"})
    assert response.status_code == 400
    assert "message" in response.json()
    assert client.get("/api/v2/pages/", {"limit": "lots"}).status_code == 400
