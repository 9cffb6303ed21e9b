"""Uploads and request bodies: every limit is met with a clear message, never a server error."""

import io

import pytest
from PIL import Image as PillowImage

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail.documents import get_document_model
from wagtail.images import get_image_model


@pytest.fixture
def admin_client(client, db):
    client.force_login(get_user_model().objects.create_superuser("admin", "a@lahp.example", "pw"))
    return client


def png_bytes(width=640, height=480) -> bytes:
    buffer = io.BytesIO()
    # Noise, so the file is long enough that cutting it short loses picture data.
    PillowImage.effect_noise((width, height), 64).convert("RGB").save(buffer, format="PNG")
    return buffer.getvalue()


def jpeg_bytes(width=640, height=480) -> bytes:
    buffer = io.BytesIO()
    PillowImage.effect_noise((width, height), 64).convert("RGB").save(buffer, format="JPEG")
    return buffer.getvalue()


# What was uploaded, and the start of the message the editor gets.
BROKEN_PICTURES = {
    "truncated PNG": ("ward.png", png_bytes()[:3000], "This file is not a picture the site"),
    "truncated JPEG": ("ward.jpg", jpeg_bytes()[:3000], "This file is not a picture the site"),
    "text named .png": (
        "ward.png",
        b"Minutes of the board meeting, not a picture.\n" * 20,
        "Upload a valid image",
    ),
    "empty file": ("ward.png", b"", "The submitted file is empty"),
}


@pytest.mark.parametrize(
    ("name", "content", "message"), BROKEN_PICTURES.values(), ids=BROKEN_PICTURES
)
def test_a_broken_picture_gets_a_form_error_not_a_server_error(
    admin_client, name, content, message
):
    response = admin_client.post(
        reverse("wagtailimages:add"),
        {"title": "Ward", "file": SimpleUploadedFile(name, content, "image/png")},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["file"][0].startswith(message)
    assert not get_image_model().objects.filter(title="Ward").exists()


@pytest.mark.parametrize(
    ("name", "content", "message"), BROKEN_PICTURES.values(), ids=BROKEN_PICTURES
)
def test_a_broken_picture_dropped_on_the_multiple_upload_gets_a_message(
    admin_client, name, content, message
):
    response = admin_client.post(
        reverse("wagtailimages:add_multiple"),
        {"files[]": SimpleUploadedFile(name, content, "image/png")},
    )

    assert response.status_code == 200
    answer = response.json()
    assert answer["success"] is False
    assert message in (answer.get("error_message") or answer.get("form") or "")
    assert not get_image_model().objects.exists()


def test_a_picture_over_the_size_limit_is_refused_with_its_size(admin_client, settings):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10_000
    response = admin_client.post(
        reverse("wagtailimages:add"),
        {"title": "Ward", "file": SimpleUploadedFile("ward.png", png_bytes(), "image/png")},
    )
    assert response.status_code == 200
    assert "This file is too big" in response.context["form"].errors["file"][0]


def test_a_document_over_the_size_limit_is_refused_with_a_clear_message(admin_client, settings):
    settings.LAHP_DOCUMENT_MAX_UPLOAD_MB = 1
    report = SimpleUploadedFile("report.pdf", b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 1))

    response = admin_client.post(
        reverse("wagtaildocs:add"), {"title": "Annual report", "file": report}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [
        "This file is 1.0 MB; documents can be at most 1 MB. Make it smaller (for a PDF, "
        "export it again with images compressed) or split it into parts."
    ]
    assert not get_document_model().objects.exists()


def test_a_document_within_the_limit_is_accepted(admin_client):
    report = SimpleUploadedFile("report.pdf", b"%PDF-1.4\n" + b"0" * 1000)
    response = admin_client.post(
        reverse("wagtaildocs:add"), {"title": "Annual report", "file": report}
    )
    assert response.status_code == 302
    assert get_document_model().objects.filter(title="Annual report").exists()


def test_an_empty_document_is_refused_with_a_message(admin_client):
    response = admin_client.post(
        reverse("wagtaildocs:add"),
        {"title": "Annual report", "file": SimpleUploadedFile("report.pdf", b"")},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == ["The submitted file is empty."]
    assert not get_document_model().objects.exists()


def test_the_video_consent_form_refuses_a_huge_body_unread(db, client):
    response = client.generic(
        "POST",
        "/video-consent/withdraw/",
        b"next=/&padding=" + b"x" * 100_000,
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 413
    assert response.content.decode() == "This request is too large.\n"


def test_the_video_consent_form_still_works(db, client):
    response = client.post("/video-consent/withdraw/", {"next": "/about/"})
    assert response.status_code == 302
    assert response["Location"].startswith("/about/?")


def test_form_bodies_and_uploads_held_in_memory_are_bounded(settings):
    from leeds_partnership.settings import base

    assert 1024 * 1024 <= base.DATA_UPLOAD_MAX_MEMORY_SIZE <= 10 * 1024 * 1024
    assert base.FILE_UPLOAD_MAX_MEMORY_SIZE <= 5 * 1024 * 1024


def test_a_document_over_the_limit_dropped_on_the_multiple_upload_is_refused(
    admin_client, settings
):
    settings.LAHP_DOCUMENT_MAX_UPLOAD_MB = 1
    report = SimpleUploadedFile("report.pdf", b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 1))

    response = admin_client.post(reverse("wagtaildocs:add_multiple"), {"files[]": report})

    assert response.json()["success"] is False
    assert "documents can be at most 1 MB" in response.content.decode()
    assert not get_document_model().objects.exists()
