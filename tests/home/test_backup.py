"""`manage.py backup` and `manage.py restore`: a site comes back identical, page by page.

A real site (migrated, the seed content loaded, an image and a document
uploaded and shown on a page) is backed up, restored into an empty database
and an empty media folder, and every live page must render exactly as before,
with every media file back. On SQLite always; on PostgreSQL too when the suite
runs on it (in scratch databases of its own, dropped afterwards).
"""

import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
from dataclasses import dataclass
from pathlib import Path

import dj_database_url
import pytest

from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

from tests.dev_server import REPOSITORY, migrated_copy, site_environment

# An image and a document, uploaded as an editor would and shown on the Our
# members page: the image in the body (so it renders as a resized copy), the
# document linked from a paragraph.
UPLOAD = """
import io, uuid
from PIL import Image as Picture
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from home.models import StandardPage

picture = io.BytesIO()
Picture.new("RGB", (1600, 900), (0, 94, 184)).save(picture, "PNG")
image = get_image_model().objects.create(
    title="Partners meeting", file=ImageFile(picture, name="partners-meeting.png")
)
document = get_document_model().objects.create(
    title="Annual report 2025",
    file=ContentFile(b"%PDF-1.4 annual report " * 200, name="annual-report-2025.pdf"),
)
page = StandardPage.objects.get(slug="members")
page.body = [
    *page.body.raw_data,
    {"type": "image", "id": str(uuid.uuid4()), "value": {
        "image": {"image": image.pk, "alt_text": "Partners around a table", "decorative": False},
        "caption": "Partners meeting, 2025",
    }},
    {"type": "paragraph", "id": str(uuid.uuid4()), "value":
        f'<p>Read our <a linktype="document" id="{document.pk}">annual report</a>.</p>'},
]
page.save_revision().publish()
"""

# Every live page as a visitor gets it, and every uploaded document, into
# rendered.json beside the site's media folder.
RENDER = """
import json
from pathlib import Path
from django.conf import settings
from django.test import Client
from wagtail.documents import get_document_model
from wagtail.models import Page

client = Client(HTTP_HOST="localhost")
rendered = {}
for page in Page.objects.live().filter(depth__gt=1).specific().order_by("path"):
    response = client.get(page.get_url())
    rendered[page.get_url()] = [response.status_code, response.content.decode()]
for document in get_document_model().objects.all():
    response = client.get(document.url)
    rendered[document.url] = [response.status_code, b"".join(response).hex()]
Path(settings.MEDIA_ROOT).parent.joinpath("rendered.json").write_text(json.dumps(rendered))
"""


@dataclass
class SiteCopy:
    """A site run as a developer runs it: its own database and media folder."""

    folder: Path
    database_url: str

    @property
    def media(self) -> Path:
        return self.folder / "media"

    def manage(self, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
        env = site_environment(self.folder)
        env["DATABASE_URL"] = self.database_url
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=REPOSITORY,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )

    def run(self, *args: str, timeout: float = 300) -> str:
        result = self.manage(*args, timeout=timeout)
        assert result.returncode == 0, f"manage.py {args[0]} failed:\n{result.stderr}"
        return result.stdout

    def render(self, before: str = "") -> dict[str, list]:
        self.run("shell", "--command", before + RENDER)
        return json.loads((self.folder / "rendered.json").read_text())

    def media_files(self) -> dict[str, str]:
        return {
            str(path.relative_to(self.media)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(self.media.rglob("*"))
            if path.is_file()
        }


@dataclass
class BuiltSite:
    site: SiteCopy
    pages: dict[str, list]
    media: dict[str, str]
    archive: Path


def build(site: SiteCopy, archive: Path) -> BuiltSite:
    site.run("load_seed_content")
    pages = site.render(before=UPLOAD)
    media = site.media_files()
    site.run("backup", "--output", str(archive))
    return BuiltSite(site, pages, media, archive)


def assert_identical(restored: SiteCopy, original: BuiltSite) -> None:
    pages = restored.render()
    assert list(pages) == list(original.pages)
    for url, (status, html) in original.pages.items():
        assert pages[url][0] == status == 200, url
        assert pages[url][1] == html, f"{url} renders differently after the restore"
    assert restored.media_files() == original.media


@pytest.fixture(scope="module")
def sqlite_site(migrated_site, tmp_path_factory) -> BuiltSite:
    folder = migrated_copy(migrated_site, tmp_path_factory.mktemp("backed-up-site"))
    site = SiteCopy(folder, f"sqlite:///{folder / 'db.sqlite3'}")
    return build(site, tmp_path_factory.mktemp("backups") / "lahp-backup.tar.gz")


def empty_sqlite_site(folder: Path) -> SiteCopy:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "media").mkdir(exist_ok=True)
    return SiteCopy(folder, f"sqlite:///{folder / 'db.sqlite3'}")


def test_the_backup_holds_the_database_every_media_file_and_a_manifest(sqlite_site):
    with tarfile.open(sqlite_site.archive) as tar:
        names = tar.getnames()
        manifest = json.load(tar.extractfile("manifest.json"))
    uploads = set(sqlite_site.media)
    assert {name.removeprefix("media/") for name in names if name.startswith("media/")} == uploads
    assert "database/db.sqlite3" in names
    assert any(name.startswith("original_images/partners-meeting") for name in uploads)
    assert any(name.startswith("images/partners-meeting") for name in uploads)  # a rendition
    assert any(name.startswith("documents/annual-report-2025") for name in uploads)
    assert manifest["database"]["engine"] == "sqlite"
    assert manifest["database"]["counts"]["images"] == 2  # the film's poster and the upload
    assert manifest["database"]["counts"]["documents"] == 1
    assert manifest["media"]["files"] == len(uploads)
    assert "0001_initial" in manifest["migrations"]["home"]
    assert manifest["versions"]["wagtail"]
    for name in uploads:
        assert manifest["files"][f"media/{name}"]["sha256"] == sqlite_site.media[name]


def test_a_restored_site_renders_every_page_identically(sqlite_site, tmp_path):
    restored = empty_sqlite_site(tmp_path / "restored")
    output = restored.run("restore", str(sqlite_site.archive))
    assert "Restored the SQLite database" in output
    assert f"{len(sqlite_site.media)} media files" in output
    assert len(sqlite_site.pages) > 10
    assert any("partners-meeting" in html for _, html in sqlite_site.pages.values())
    assert_identical(restored, sqlite_site)


def test_restore_will_not_replace_a_site_with_content_unless_forced(sqlite_site, tmp_path):
    target = empty_sqlite_site(tmp_path / "in-use")
    target.run("restore", str(sqlite_site.archive))
    (target.media / "uploaded-since.txt").write_text("An editor's later upload")

    refused = target.manage("restore", str(sqlite_site.archive))
    assert refused.returncode == 1
    assert "the database has content" in refused.stderr
    assert "--force" in refused.stderr
    assert "Traceback" not in refused.stderr

    forced = target.run("restore", "--force", str(sqlite_site.archive))
    assert "Restored the SQLite database" in forced
    assert (target.media / "uploaded-since.txt").exists()  # files the backup lacks are kept


def restore_refused(archive: Path) -> str:
    """Run the restore in the suite's own process; it must refuse before touching anything."""
    with pytest.raises(CommandError) as refused:
        call_command("restore", str(archive))
    for name in ("documents/annual-report-2025.pdf", "original_images/partners-meeting.png"):
        assert not default_storage.exists(name)
    return str(refused.value)


def test_a_damaged_archive_is_refused_and_nothing_changes(sqlite_site, tmp_path):
    cut_short = tmp_path / "cut-short.tar.gz"
    cut_short.write_bytes(sqlite_site.archive.read_bytes()[:200_000])

    message = restore_refused(cut_short)

    assert "is not a complete backup archive" in message
    assert "Nothing was changed" in message


def rewrite_archive(source: Path, target: Path, change) -> None:
    """Copy an archive, letting `change(name, data)` alter each file's contents."""
    with tarfile.open(source) as original, tarfile.open(target, "w:gz") as copy:
        for member in original:
            data = change(member.name, original.extractfile(member).read())
            member.size = len(data)
            copy.addfile(member, io.BytesIO(data))


def test_an_archive_whose_files_do_not_match_the_manifest_is_refused(sqlite_site, tmp_path):
    tampered = tmp_path / "tampered.tar.gz"
    rewrite_archive(
        sqlite_site.archive,
        tampered,
        lambda name, data: b"not the document" if name.startswith("media/documents/") else data,
    )

    message = restore_refused(tampered)

    assert "does not match its manifest" in message
    assert "media/documents/annual-report-2025" in message


def test_a_backup_from_newer_code_is_refused(sqlite_site, tmp_path):
    def from_a_later_release(name: str, data: bytes) -> bytes:
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        manifest["migrations"]["home"].append("9999_from_a_later_release")
        return json.dumps(manifest).encode()

    newer = tmp_path / "newer.tar.gz"
    rewrite_archive(sqlite_site.archive, newer, from_a_later_release)

    message = restore_refused(newer)

    assert "newer version of the site" in message
    assert "home.9999_from_a_later_release" in message


# --- PostgreSQL -------------------------------------------------------------------


def postgres_url() -> dict | None:
    url = os.environ.get("DATABASE_URL", "")
    return dj_database_url.parse(url) if url.startswith(("postgres", "pgsql")) else None


@pytest.fixture(scope="module")
def scratch_databases():
    """Two empty databases beside the suite's own, dropped afterwards."""
    settings = postgres_url()
    if settings is None:
        pytest.skip("The suite runs on SQLite; the PostgreSQL round trip needs DATABASE_URL.")
    if shutil.which("pg_dump") is None:
        pytest.fail("pg_dump is not installed: apt-get install postgresql-client")
    import psycopg

    names = [f"{settings['NAME']}_backup_source", f"{settings['NAME']}_backup_restored"]
    server = psycopg.connect(
        dbname="postgres",
        user=settings["USER"],
        password=settings["PASSWORD"] or None,
        host=settings["HOST"],
        port=settings["PORT"] or None,
        autocommit=True,
    )

    def drop():
        for name in names:
            server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    drop()
    for name in names:
        server.execute(f'CREATE DATABASE "{name}"')
    user = settings["USER"] + (f":{settings['PASSWORD']}" if settings["PASSWORD"] else "")
    address = f"{settings['HOST']}:{settings['PORT'] or 5432}"
    yield [f"postgres://{user}@{address}/{name}" for name in names]
    drop()
    server.close()


def test_a_restored_postgresql_site_renders_every_page_identically(
    scratch_databases, tmp_path_factory
):
    source_url, restored_url = scratch_databases
    source = SiteCopy(tmp_path_factory.mktemp("postgres-site"), source_url)
    source.run("migrate", "--noinput")
    built = build(source, tmp_path_factory.mktemp("backups") / "lahp-backup.tar.gz")
    restored = SiteCopy(tmp_path_factory.mktemp("postgres-restored"), restored_url)
    restored.media.mkdir()

    output = restored.run("restore", str(built.archive))

    assert "Restored the PostgreSQL database" in output
    assert_identical(restored, built)
    # Restoring again over what is there now needs --force, and gives the same site.
    assert restored.manage("restore", str(built.archive)).returncode == 1
    restored.run("restore", "--force", str(built.archive))
    assert_identical(restored, built)
