"""What editors meet in the admin's forms: title limits, alt text, and huge pictures."""

import io

import pytest
from PIL import Image as PillowImage

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail.images import get_image_model
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from tests.factories import AimPageFactory


@pytest.fixture
def admin_client(client, db):
    client.force_login(get_user_model().objects.create_superuser("admin", "a@lahp.example", "pw"))
    return client


def aim_form(aim, **changes):
    return nested_form_data(
        {
            "title": aim.title,
            "slug": aim.slug,
            "summary": aim.summary,
            "body": streamfield([]),
            "comments": inline_formset([]),
            **changes,
        }
    )


def test_page_titles_show_their_limit_and_longer_ones_are_refused(admin_client, aim_index):
    aim = AimPageFactory(parent=aim_index)
    url = reverse("wagtailadmin_pages:edit", args=[aim.pk])
    edit = admin_client.get(url).content.decode()
    assert 'data-character-limit="80"' in edit
    assert "Up to 80 characters" in edit

    response = admin_client.post(url, aim_form(aim, title="x" * 81))
    assert response.status_code == 200
    assert response.context["form"].errors["title"] == [
        "Shorten the title to 80 characters or fewer: it has 81. Longer titles are cut off on "
        "phones and in search results."
    ]
    assert admin_client.post(url, aim_form(aim, title="y" * 80)).status_code == 302


def png(width, height) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    PillowImage.new("RGB", (width, height), "#003087").save(buffer, format="PNG")
    return SimpleUploadedFile("poster.png", buffer.getvalue(), "image/png")


def test_image_description_is_labelled_as_alt_text(admin_client):
    page = admin_client.get(reverse("wagtailimages:add")).content.decode()
    assert ">Alt text<" in page or "Alt text\n" in page
    assert "for people who cannot see it" in page


def test_a_huge_picture_is_shrunk_on_upload_keeping_its_shape(admin_client):
    response = admin_client.post(
        reverse("wagtailimages:add"), {"title": "Ward", "file": png(6000, 4000)}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    image = get_image_model().objects.get(title="Ward")
    assert image.width * image.height <= 20_000_000
    assert image.width / image.height == pytest.approx(1.5, rel=0.01)
    with image.file.open() as stored:
        assert PillowImage.open(stored).size == (image.width, image.height)


def test_a_picture_too_big_to_handle_is_refused_with_a_message(admin_client):
    response = admin_client.post(
        reverse("wagtailimages:add"), {"title": "Poster", "file": png(10000, 7000)}
    )
    assert response.status_code == 200
    assert "too many pixels" in response.context["form"].errors["file"][0]
    assert not get_image_model().objects.filter(title="Poster").exists()
