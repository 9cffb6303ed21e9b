"""Uploads kept in S3-compatible object storage: everything visitors and editors do with
files works as it does with MEDIA_ROOT, and nothing private becomes public.

The bucket is on a local S3 server (moto's), a fresh one for each test.
"""

import io
import urllib.error
import urllib.request
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from PIL import Image as PillowImage

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from wagtail.documents.models import Document
from wagtail.images import get_image_model
from wagtail.models import Collection, CollectionViewRestriction

from home.models import Film
from home.seed import STRATEGY_FILM_DIR, FilmSettings, load_seed_content
from tests.conftest import empty_tree
from tests.factories import AimPageFactory, FilmFactory
from tests.object_storage import LocalS3

VIDEO = b"\x00\x00\x00\x18ftypmp42" + bytes(range(256)) * 40  # 10,252 bytes
ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers"


@pytest.fixture(scope="session")
def local_s3():
    server = LocalS3()
    yield server
    server.stop()


@pytest.fixture
def bucket(local_s3, settings, root_page):
    """A new, empty bucket holding the site's uploads for one test (with the page tree's
    and the collections' roots in place, whatever ran before)."""
    name = local_s3.new_bucket()
    settings.STORAGES = {**settings.STORAGES, "default": local_s3.storage(name)}
    return name


@pytest.fixture
def editor(db):
    client = Client()
    client.force_login(get_user_model().objects.create_superuser("admin", "a@lahp.example", "pw"))
    return client


def png(width: int, height: int) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    PillowImage.new("RGB", (width, height), "#005eb8").save(buffer, "PNG")
    return SimpleUploadedFile("ward.png", buffer.getvalue(), content_type="image/png")


def fetch(url: str) -> bytes:
    """What a visitor's browser gets from an address outside the site (the bucket)."""
    with urllib.request.urlopen(url, timeout=10) as response:
        assert response.status == 200
        return response.read()


def is_public(grants: list[dict]) -> bool:
    return any(grant["Grantee"].get("URI") == ALL_USERS for grant in grants)


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_a_picture_uploaded_in_the_admin_is_kept_in_the_bucket_and_shown_on_pages(
    editor, client, local_s3, bucket, aim_index
):
    response = editor.post(
        reverse("wagtailimages:add"),
        {"title": "Ward", "description": "A ward at St James's", "file": png(1600, 1000)},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    image = get_image_model().objects.get(title="Ward")
    assert local_s3.keys(bucket, "original_images/") == [image.file.name]
    assert not is_public(local_s3.acl_grants(bucket, image.file.name))

    aim = AimPageFactory(
        parent=aim_index,
        body=[
            {
                "type": "image",
                "value": {
                    "image": {"image": image.pk, "alt_text": "A ward", "decorative": False},
                    "caption": "",
                },
            }
        ],
    )
    page = client.get(aim.url)
    assert page.status_code == 200
    html = BeautifulSoup(page.content, "html.parser")
    picture = html.find("img", alt="A ward")
    origin = local_s3.endpoint
    assert picture["src"].startswith(f"{origin}/{bucket}/images/")
    assert "Signature=" in picture["src"]
    # Visitors' browsers may load it: the policy names the bucket for images only.
    policy = dict(part.strip().split(" ", 1) for part in page["Content-Security-Policy"].split(";"))
    assert origin in policy["img-src"]
    assert origin not in policy["script-src"]

    drawn = PillowImage.open(io.BytesIO(fetch(picture["src"])))
    assert drawn.size == (int(picture["width"]), int(picture["height"]))
    assert len(local_s3.keys(bucket, "images/")) >= 1


def test_documents_are_sent_by_the_site_and_private_ones_only_to_signed_in_people(
    client, editor, local_s3, bucket
):
    board = Collection.get_first_root_node().add_child(name="Board papers")
    CollectionViewRestriction.objects.create(collection=board, restriction_type="login")
    report = Document.objects.create(
        title="Annual report", file=ContentFile(b"%PDF-1.4 annual report", name="report.pdf")
    )
    minutes = Document.objects.create(
        title="Board minutes",
        file=ContentFile(b"%PDF-1.4 board minutes", name="report.pdf"),
        collection=board,
    )
    # Two uploads with the same name are two files, as on disk.
    assert report.file.name != minutes.file.name
    assert local_s3.keys(bucket, "documents/") == sorted([report.file.name, minutes.file.name])
    assert not any(
        is_public(local_s3.acl_grants(bucket, doc.file.name)) for doc in (report, minutes)
    )

    public = client.get(report.url)
    assert public.status_code == 200
    assert body(public) == b"%PDF-1.4 annual report"

    refused = client.get(minutes.url)
    assert refused.status_code == 302  # to the sign-in page
    assert urlsplit(refused["Location"]).path == reverse("wagtailcore_login")
    assert local_s3.endpoint not in refused["Location"]
    assert client.get("/media/" + minutes.file.name).status_code == 404

    signed_in = editor.get(minutes.url)
    assert signed_in.status_code == 200
    assert body(signed_in) == b"%PDF-1.4 board minutes"
    assert local_s3.endpoint not in signed_in.get("Location", "")


def test_the_strategy_film_plays_and_seeks_from_the_bucket(client, local_s3, bucket):
    film = FilmFactory(
        video_url="",
        captions_confirmed=False,
        video_file=SimpleUploadedFile("strategy.mp4", VIDEO),
    )
    assert local_s3.read(bucket, film.video_file.name) == VIDEO
    address = "/" + film.video_file.name

    whole = client.get(address)
    assert whole.status_code == 200
    assert whole["Content-Type"] == "video/mp4"
    assert body(whole) == VIDEO

    part = client.get(address, headers={"Range": "bytes=1000-1999"})
    assert part.status_code == 206
    assert part["Content-Range"] == f"bytes 1000-1999/{len(VIDEO)}"
    assert body(part) == VIDEO[1000:2000]
    end = client.get(address, headers={"Range": "bytes=-100"})
    assert body(end) == VIDEO[-100:]

    # Not from the bucket's own address either: films are served only while published.
    film.live = False
    film.save()
    assert client.get(address).status_code == 404


def test_share_cards_are_drawn_once_and_kept_in_the_bucket(client, local_s3, bucket, aim_index):
    aim = AimPageFactory(parent=aim_index, title="Reduce health inequalities")
    html = BeautifulSoup(client.get(aim.url).content, "html.parser")
    card = urlsplit(html.find("meta", property="og:image")["content"]).path

    first = client.get(card)
    assert first.status_code == 200
    assert first["Content-Type"] == "image/png"
    assert PillowImage.open(io.BytesIO(first.content)).size == (1200, 630)
    kept = local_s3.keys(bucket, "share-cards/")
    assert len(kept) == 1
    assert local_s3.read(bucket, kept[0]) == first.content

    assert client.get(card).content == first.content
    assert local_s3.keys(bucket, "share-cards/") == kept


def test_media_addresses_lead_to_signed_addresses_in_the_bucket(client, local_s3, bucket):
    image = get_image_model().objects.create(title="Ward", file=png(40, 30))
    response = client.get("/media/" + image.file.name)
    assert response.status_code == 302
    assert response["Location"].startswith(f"{local_s3.endpoint}/{bucket}/{image.file.name}?")
    assert PillowImage.open(io.BytesIO(fetch(response["Location"]))).size == (40, 30)


def test_nothing_in_the_bucket_opens_without_a_signature(local_s3, bucket):
    image = get_image_model().objects.create(title="Ward", file=png(40, 30))
    with pytest.raises(urllib.error.HTTPError) as refused:
        fetch(f"{local_s3.endpoint}/{bucket}/{image.file.name}")
    assert refused.value.code == 403


def test_the_seed_loader_puts_the_strategy_film_in_the_bucket_and_it_plays_from_there(
    client, local_s3, bucket
):
    empty_tree()
    load_seed_content(FilmSettings())
    film = Film.objects.get()
    video = film.video_file.name
    assert video in local_s3.keys(bucket, "films/")
    committed = (STRATEGY_FILM_DIR / video.rsplit("/", 1)[-1]).read_bytes()
    assert local_s3.read(bucket, video) == committed

    html = BeautifulSoup(client.get("/").content, "html.parser")
    source = html.find("video").find("source", type="video/mp4")["src"]
    assert source == "/" + video
    start = client.get(source, headers={"Range": "bytes=0-1023"})
    assert start.status_code == 206
    assert body(start) == committed[:1024]
    poster = html.find("video")["poster"]
    assert poster.startswith(f"{local_s3.endpoint}/{bucket}/images/")
    assert PillowImage.open(io.BytesIO(fetch(poster))).size[0] > 0

    # Loading again changes nothing and uploads nothing.
    kept = local_s3.keys(bucket)
    load_seed_content(FilmSettings())
    assert local_s3.keys(bucket) == kept
