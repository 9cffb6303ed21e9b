"""Who may delete images and documents: publishers and administrators, never editors."""

import pytest

from django.urls import reverse

from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Collection

from tests.factories import DocumentFactory, ImageFactory, make_user


@pytest.fixture
def image(editor):
    # Uploaded by the editor: Wagtail on its own would let them delete it.
    return ImageFactory(uploaded_by_user=editor, collection=Collection.get_first_root_node())


@pytest.fixture
def document(editor):
    return DocumentFactory(uploaded_by_user=editor, collection=Collection.get_first_root_node())


def _stored(item) -> bool:
    return item.file.storage.exists(item.file.name)


@pytest.mark.parametrize("kind", ["image", "document"])
def test_editor_is_not_offered_delete_for_their_own_upload(client, editor, kind, request):
    item = request.getfixturevalue(kind)
    client.force_login(editor)
    prefix = "wagtailimages" if kind == "image" else "wagtaildocs"

    edit_screen = client.get(reverse(f"{prefix}:edit", args=[item.pk]))

    assert edit_screen.status_code == 200
    assert reverse(f"{prefix}:delete", args=[item.pk]) not in edit_screen.content.decode()


@pytest.mark.parametrize("kind", ["image", "document"])
def test_editors_delete_request_is_refused_and_the_file_kept(client, editor, kind, request):
    item = request.getfixturevalue(kind)
    model = Image if kind == "image" else Document
    client.force_login(editor)
    prefix = "wagtailimages" if kind == "image" else "wagtaildocs"

    response = client.post(reverse(f"{prefix}:delete", args=[item.pk]))
    bulk = client.post(f"/admin/bulk/{prefix}/{kind}/delete/?id={item.pk}", {"id": [item.pk]})

    # Wagtail answers a refused action by sending the person back to the dashboard.
    assert (response.status_code, response.get("Location")) == (302, "/admin/")
    assert bulk.status_code in {302, 403}
    assert model.objects.filter(pk=item.pk).exists()
    assert _stored(item)


@pytest.mark.parametrize("role", ["Publishers", None])
@pytest.mark.parametrize("kind", ["image", "document"])
def test_publishers_and_administrators_can_delete(client, image, document, kind, role):
    item = image if kind == "image" else document
    model = Image if kind == "image" else Document
    client.force_login(make_user(role, "pat"))
    prefix = "wagtailimages" if kind == "image" else "wagtaildocs"

    edit_screen = client.get(reverse(f"{prefix}:edit", args=[item.pk]))
    response = client.post(reverse(f"{prefix}:delete", args=[item.pk]))

    assert reverse(f"{prefix}:delete", args=[item.pk]) in edit_screen.content.decode()
    assert response.status_code == 302
    assert not model.objects.filter(pk=item.pk).exists()


def test_editors_may_still_upload_and_edit_images(client, editor, image):
    client.force_login(editor)
    listing = client.get("/admin/images/")
    assert listing.status_code == 200
    assert image.title in listing.content.decode()
    assert client.get(reverse("wagtailimages:edit", args=[image.pk])).status_code == 200
