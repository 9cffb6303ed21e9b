"""Two instances of the site behind one address, as when it outgrows one machine.

Both run as production does (gunicorn, production settings, the page cache on)
and share what a cluster shares: the PostgreSQL database, the cache in Redis
and the uploads in an S3 bucket (on a local S3 server). What an editor does
through one is what visitors get from the other, at once.

Runs on PostgreSQL (the suite's own test database) with Redis at
LAHP_TEST_REDIS_URL (default redis://127.0.0.1:6379/0, under a key prefix of
its own); skipped without them, except in CI, where it fails.
"""

import contextlib
import io
import os
import signal
import subprocess
import sys
import urllib.request
import uuid
from pathlib import Path

import pytest
import requests
from bs4 import BeautifulSoup
from PIL import Image as PillowImage

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

from wagtail.images import get_image_model
from wagtail.models import Site

from home.seed_content import SITE_NAME
from tests.conftest import empty_tree
from tests.dev_server import REPOSITORY, free_port, wait_until_serving
from tests.factories import AimIndexPageFactory, AimPageFactory, HomePageFactory
from tests.object_storage import LocalS3

REDIS_URL = os.environ.get("LAHP_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
# Away from the development server tests' ports and the local S3 server's.
PORTS = range(8175, 8180)
PASSWORD = "a-long-test-password-for-the-admin"


def require(condition: bool, message: str) -> None:
    if condition:
        return
    if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="module", autouse=True)
def _on_postgresql():
    # Not a failure in CI: CI runs the suite on SQLite too, and then on PostgreSQL.
    if connection.vendor != "postgresql":
        pytest.skip("Two instances share a PostgreSQL database: run with DATABASE_URL=postgres://…")


@pytest.fixture(scope="module")
def redis_url():
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        require(False, f"Redis is not reachable at {REDIS_URL} ({error}).")
    return REDIS_URL


@pytest.fixture(scope="module")
def collected_static(tmp_path_factory):
    """Static files as production serves them (compressed, with hashed names)."""
    folder = tmp_path_factory.mktemp("static")
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=REPOSITORY,
        env={**production_environment(), "STATIC_ROOT": str(folder)},
        check=True,
        timeout=120,
    )
    return folder


@pytest.fixture(scope="module")
def local_s3():
    server = LocalS3()
    yield server
    server.stop()


def production_environment(**extra: str) -> dict[str, str]:
    inherited = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "AWS_", "LAHP_")) and key not in {"REDIS_URL"}
    }
    return {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "leeds_partnership.settings.production",
        "SECRET_KEY": "two-instances-test-only-secret-key-0123456789abcdef",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": "sqlite:////nonexistent/only-for-collectstatic.sqlite3",
        # Plain HTTP on loopback, with an editor signing in.
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
        **extra,
    }


def database_url() -> str:
    database = connection.settings_dict
    password = f":{database['PASSWORD']}" if database["PASSWORD"] else ""
    host = database["HOST"] or "127.0.0.1"
    port = database["PORT"] or 5432
    return f"postgres://{database['USER']}{password}@{host}:{port}/{database['NAME']}"


class Instance:
    """One gunicorn serving the site, in a process group of its own."""

    def __init__(self, name: str, environment: dict[str, str], folder: Path):
        self.port = free_port(PORTS)
        self.base = f"http://127.0.0.1:{self.port}"
        self.environment = {
            **environment,
            "GUNICORN_BIND": f"127.0.0.1:{self.port}",
            "GUNICORN_WORKERS": "1",
            "GUNICORN_THREADS": "2",
            "BASE_URL": self.base,
        }
        self.log = folder / f"{name}.log"
        with self.log.open("w") as log:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "-c",
                    "python:leeds_partnership.gunicorn_conf",
                    "--access-logfile",
                    "/dev/null",
                    "leeds_partnership.wsgi",
                ],
                cwd=REPOSITORY,
                env=self.environment,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        try:
            wait_until_serving(self.base + "/robots.txt", timeout=60)
        except OSError:
            self.stop()
            raise AssertionError(f"{name} did not start:\n{self.log.read_text()}") from None

    def get(self, path: str) -> requests.Response:
        response = requests.get(self.base + path, timeout=10)
        assert response.status_code == 200, f"{path}: {response.status_code}\n{self.output()}"
        return response

    def manage(self, *args: str) -> str:
        """manage.py in this instance's environment, as an operator would run it."""
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=REPOSITORY,
            env=self.environment,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    def output(self) -> str:
        return self.log.read_text()

    def stop(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


@pytest.fixture
def site_content(transactional_db):
    """A home page and one aim, committed so that the instances see them."""
    home = HomePageFactory(parent=empty_tree())
    Site.objects.create(
        hostname="localhost", port=80, root_page=home, is_default_site=True, site_name=SITE_NAME
    )
    aims = AimIndexPageFactory(parent=home)
    aim = AimPageFactory(parent=aims, title="Reduce health inequalities")
    # Hashed as production hashes passwords (the suite itself uses a faster hasher).
    hasher = PBKDF2PasswordHasher()
    get_user_model().objects.create_superuser("admin", "admin@lahp.example", password=None)
    get_user_model().objects.filter(username="admin").update(
        password=hasher.encode(PASSWORD, hasher.salt())
    )
    return aim


@pytest.fixture
def instances(site_content, redis_url, collected_static, local_s3, tmp_path):
    import redis

    prefix = f"lahp-two-instances-{uuid.uuid4().hex[:8]}"
    bucket = local_s3.new_bucket()
    environment = production_environment(
        DATABASE_URL=database_url(),
        REDIS_URL=redis_url,
        CACHE_KEY_PREFIX=prefix,
        STATIC_ROOT=str(collected_static),
        LAHP_PAGE_CACHE_SECONDS="300",
        **local_s3.environment(bucket),
    )
    started = []
    try:
        started.append(Instance("A", environment, tmp_path))
        started.append(Instance("B", environment, tmp_path))
        yield started
    finally:
        for instance in started:
            instance.stop()
        shared = redis.Redis.from_url(redis_url)
        for key in shared.scan_iter(f"{prefix}:*"):
            shared.delete(key)


def sign_in(instance: Instance) -> requests.Session:
    """An editor signed in to the admin of one instance, as in a browser."""
    session = requests.Session()
    session.get(instance.base + "/admin/login/", timeout=10).raise_for_status()
    response = session.post(
        instance.base + "/admin/login/",
        data={
            "username": "admin",
            "password": PASSWORD,
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
        },
        timeout=10,
        allow_redirects=False,
    )
    assert response.status_code == 302, response.text[:2000]
    return session


def png(width: int, height: int) -> bytes:
    buffer = io.BytesIO()
    PillowImage.new("RGB", (width, height), "#005eb8").save(buffer, "PNG")
    return buffer.getvalue()


def page_title(response: requests.Response) -> str:
    return BeautifulSoup(response.text, "html.parser").h1.get_text(strip=True)


def test_what_an_editor_does_through_one_instance_visitors_get_from_the_other_at_once(
    instances, site_content, local_s3
):
    a, b = instances
    aim = site_content
    address = aim.url

    # An editor uploads a picture through A; it is kept in the shared bucket.
    editor = sign_in(a)
    upload = editor.post(
        a.base + "/admin/images/add/",
        data={
            "title": "Ward",
            "description": "A ward at St James's",
            "csrfmiddlewaretoken": editor.cookies["csrftoken"],
        },
        files={"file": ("ward.png", png(1600, 1000), "image/png")},
        timeout=30,
        allow_redirects=False,
    )
    assert upload.status_code == 302, upload.text[:2000]
    image = get_image_model().objects.get(title="Ward")

    # B has the page kept whole for visitors.
    assert page_title(b.get(address)) == "Reduce health inequalities"
    kept = b.get(address)
    assert kept.headers["X-Page-Cache"] == "hit"
    assert page_title(kept) == "Reduce health inequalities"

    # The editor publishes a new title with the picture, through A's code and settings
    # (Wagtail's own publishing, so everything that listens for it hears it).
    a.manage(
        "shell",
        "-c",
        "from django.contrib.auth import get_user_model; "
        "from wagtail.models import Page; "
        f"page = Page.objects.get(pk={aim.pk}).specific; "
        "page.title = 'Reduce health inequalities in Leeds'; "
        "page.body = [{'type': 'image', 'value': {'image': "
        f"{{'image': {image.pk}, 'alt_text': 'A ward', 'decorative': False}}, 'caption': ''}}}}]; "
        "editor = get_user_model().objects.get(username='admin'); "
        "page.save_revision(user=editor).publish(user=editor)",
    )

    # B gives visitors the new page at once, with the picture drawn from the bucket.
    fresh = b.get(address)
    assert page_title(fresh) == "Reduce health inequalities in Leeds"
    picture = BeautifulSoup(fresh.text, "html.parser").find("img", alt="A ward")
    assert picture is not None
    assert picture["src"].startswith(local_s3.endpoint + "/")
    with urllib.request.urlopen(picture["src"], timeout=10) as rendition:
        assert rendition.status == 200
        drawn = PillowImage.open(io.BytesIO(rendition.read()))
    assert drawn.size == (int(picture["width"]), int(picture["height"]))
    # And A, which kept nothing of the page yet, agrees.
    assert page_title(a.get(address)) == "Reduce health inequalities in Leeds"
    # B keeps the new page whole in its turn.
    again = b.get(address)
    assert again.headers["X-Page-Cache"] == "hit"
    assert page_title(again) == "Reduce health inequalities in Leeds"
