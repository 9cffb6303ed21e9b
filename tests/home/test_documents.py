"""Documents: served only through /documents/, which refuses those in private collections."""

import pytest

from django.contrib.auth.models import Group

from wagtail.models import Collection, CollectionViewRestriction

from tests.factories import DocumentFactory

SECRET = b"Board minutes: not for publication."
PUBLIC = b"Annual report: for everyone."


def body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


@pytest.fixture
def public_document(db):
    return DocumentFactory(
        collection=Collection.get_first_root_node(),
        file__data=PUBLIC,
        file__filename="annual-report.txt",
    )


@pytest.fixture(params=["password", "login", "groups"])
def private_document(request, db):
    collection = Collection.get_first_root_node().add_child(name="Board papers")
    restriction = CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=request.param, password="s3cret-board"
    )
    if request.param == "groups":
        restriction.groups.set([Group.objects.get(name="Publishers")])
    return DocumentFactory(
        collection=collection, file__data=SECRET, file__filename="board-minutes.txt"
    )


def other_addresses(name: str) -> list[str]:
    """Every way of asking the media folder for a document's file by its stored name."""
    stored = f"documents/{name}"
    return [
        f"/media/{stored}",
        f"/media/{stored.upper()}",
        f"/media/Documents/{name}",
        f"/media/images/../{stored}",
        f"/media/./{stored}",
        f"/media//{stored}",
        f"/media/documents%2F{name}",
        f"/media/%64ocuments/{name}",
        f"/media/images/%2e%2e/{stored}",
        f"/media/images/..%2F{stored}",
    ]


def test_private_document_is_refused_at_every_address(client, private_document):
    name = private_document.file.name.split("/", 1)[1]
    responses = [client.get(private_document.url)]
    responses += [client.get(address) for address in other_addresses(name)]

    for response in responses:
        assert SECRET not in body(response), response.request["PATH_INFO"]
    # The media folder does not admit it has the file at all.
    assert {response.status_code for response in responses[1:]} == {404}


def test_private_document_stays_out_of_the_api(client, private_document):
    listing = client.get("/api/v2/documents/").json()
    assert private_document.title not in {item["title"] for item in listing["items"]}
    assert client.get(f"/api/v2/documents/{private_document.pk}/").status_code == 404


def test_password_opens_the_private_document_only_at_its_own_address(db, client):
    collection = Collection.get_first_root_node().add_child(name="Board papers")
    restriction = CollectionViewRestriction.objects.create(
        collection=collection, restriction_type="password", password="s3cret-board"
    )
    document = DocumentFactory(
        collection=collection, file__data=SECRET, file__filename="board-minutes.txt"
    )

    asked = client.get(document.url)
    client.post(
        f"/documents/authenticate_with_password/{restriction.pk}/",
        {"password": "s3cret-board", "return_url": document.url},
    )

    assert b'type="password"' in body(asked)
    assert body(client.get(document.url)) == SECRET
    assert client.get(f"/media/{document.file.name}").status_code == 404


def test_public_document_is_served_only_at_its_own_address(client, public_document):
    response = client.get(public_document.url)

    assert response.status_code == 200
    assert body(response) == PUBLIC
    assert response["X-Content-Type-Options"] == "nosniff"
    for address in other_addresses(public_document.file.name.split("/", 1)[1]):
        assert client.get(address).status_code == 404, address


def test_public_images_are_still_served_from_the_media_folder(client, db):
    from tests.factories import ImageFactory

    image = ImageFactory()
    assert client.get(image.file.url).status_code == 200


def test_document_whose_file_is_missing_is_not_found_not_a_server_error(client, public_document):
    public_document.file.storage.delete(public_document.file.name)

    response = client.get(public_document.url)

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
