"""The front-end cache (Varnish) in front of the site, emptied by every change visitors could see.

See home/frontend_cache.py and deploy/varnish/default.vcl. The first tests put
a small recording server where Varnish would be; the rest run the real
`varnishd` (Debian's `varnish` package) with the committed VCL in front of the
site, with the page cache on as in production. Without varnishd those skip with
a message, except in CI (`CI=true`), where they fail.
"""

import contextlib
import http.client
import logging
import os
import re
import shutil
import signal
import socket
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from pytest_django.live_server_helper import LiveServer

from django.contrib.auth import get_user_model

from wagtail.contrib.frontend_cache.utils import purge_url_from_cache
from wagtail.models import Site

from home.models import Partner, SiteSettings
from tests.dev_server import free_port
from tests.factories import PartnerFactory, ProgrammePageFactory

VCL = Path(__file__).resolve().parents[2] / "deploy" / "varnish" / "default.vcl"
# Away from make run's 8000 and the development-server tests' 8140-8149.
PORTS = range(8160, 8170)
NEW_TITLE = "One Leeds health and care workforce"


def purge_settings(location: str) -> dict:
    """WAGTAILFRONTENDCACHE as settings/base.py makes it from FRONTEND_CACHE_PURGE_URL."""
    return {"varnish": {"BACKEND": "home.frontend_cache.VarnishBackend", "LOCATION": location}}


@pytest.fixture
def programme(programme_index):
    page = ProgrammePageFactory(parent=programme_index, title="One Leeds workforce")
    page.save_revision().publish()
    return page


def path_of(page) -> str:
    return urlsplit(page.full_url).path


# --- What is sent, and when ------------------------------------------------------------


class RecordingHandler(BaseHTTPRequestHandler):
    def record(self):
        self.server.requests.append((self.command, self.path))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_BAN = do_PURGE = record

    def log_message(self, *args):
        pass


@pytest.fixture
def purges(settings):
    """The requests a front-end cache would receive, in order."""
    server = ThreadingHTTPServer(("127.0.0.1", free_port(PORTS)), RecordingHandler)
    server.requests = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.WAGTAILFRONTENDCACHE = purge_settings(f"http://127.0.0.1:{server.server_port}")
    yield server.requests
    server.shutdown()
    server.server_close()


def test_publishing_a_page_empties_the_front_end_cache_once_it_is_committed(
    purges, programme, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        programme.title = NEW_TITLE
        programme.save_revision().publish()
        # Not before the change is committed: Varnish would fetch the old page again.
        assert purges == []
    assert purges
    assert set(purges) == {("BAN", "/")}


def test_saving_a_draft_leaves_the_front_end_cache_alone(
    purges, programme, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        programme.title = "A draft title"
        programme.save_revision()
    assert purges == []


def test_partners_and_site_settings_empty_the_front_end_cache(
    purges, home_page, django_capture_on_commit_callbacks
):
    partner = PartnerFactory(name="A trust")
    with django_capture_on_commit_callbacks(execute=True):
        revision = Partner.objects.get(pk=partner.pk)
        revision.name = "A renamed trust"
        revision.save_revision().publish()
    assert ("BAN", "/") in purges

    purges.clear()
    site_settings = SiteSettings.for_site(Site.objects.get())
    with django_capture_on_commit_callbacks(execute=True):
        site_settings.footer_text = "A new note at the foot of every page."
        site_settings.save()
    assert ("BAN", "/") in purges


def test_nothing_is_sent_without_a_purge_address(
    purges, programme, settings, django_capture_on_commit_callbacks
):
    del settings.WAGTAILFRONTENDCACHE
    with django_capture_on_commit_callbacks(execute=True):
        programme.title = NEW_TITLE
        programme.save_revision().publish()
    assert purges == []


def test_an_unreachable_front_end_cache_does_not_stop_a_publish(
    programme, settings, caplog, django_capture_on_commit_callbacks
):
    settings.WAGTAILFRONTENDCACHE = purge_settings(f"http://127.0.0.1:{free_port(PORTS)}")
    with (
        caplog.at_level(logging.ERROR, logger="wagtail.frontendcache"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        programme.title = NEW_TITLE
        programme.save_revision().publish()
    programme.refresh_from_db()
    assert programme.title == NEW_TITLE
    assert programme.live
    assert "Could not empty the front-end cache" in caplog.text


# --- The real Varnish, with the committed VCL ------------------------------------------


def find_varnishd() -> str | None:
    # Debian puts it in /usr/sbin, which is not on every user's PATH.
    return shutil.which("varnishd") or shutil.which("varnishd", path="/usr/sbin:/usr/local/sbin")


def require_varnishd() -> str:
    executable = find_varnishd()
    if executable is not None:
        return executable
    message = "varnishd is not installed (apt-get install varnish): the Varnish tests need it."
    if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
        pytest.fail(message)
    pytest.skip(message)


class Varnish:
    """varnishd in the foreground, with the committed VCL pointed at the test's site."""

    def __init__(self, executable: str, backend_port: int, folder: Path):
        vcl, count = re.subn(r'\.port = "\d+";', f'.port = "{backend_port}";', VCL.read_text())
        assert count == 1, "deploy/varnish/default.vcl should have one backend port"
        (folder / "default.vcl").write_text(vcl)
        self.port = free_port(PORTS)
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = folder / "varnishd.log"
        self._log = self.log_path.open("w")
        options = {
            "-n": str(folder / "state"),
            "-a": f"127.0.0.1:{self.port}",
            "-f": str(folder / "default.vcl"),
            "-s": "malloc,32m",
            "-T": "none",  # no management port
            "-j": "none",  # no separate user: it runs as whoever runs the tests
        }
        self.process = subprocess.Popen(
            [executable, "-F", *(word for option in options.items() for word in option)],
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def wait_until_serving(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while True:
            if self.process.poll() is not None:
                raise AssertionError(f"varnishd stopped:\n{self.log_path.read_text()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                if time.monotonic() > deadline:
                    raise AssertionError(
                        f"varnishd did not answer in {timeout} s:\n{self.log_path.read_text()}"
                    ) from None
                time.sleep(0.1)

    def stop(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        self._log.close()


@pytest.fixture
def varnish(transactional_db, settings, tmp_path):
    """The site served on loopback with the page cache on, and Varnish in front of it."""
    executable = require_varnishd()
    settings.LAHP_PAGE_CACHE_SECONDS = 600
    site = LiveServer(f"127.0.0.1:{free_port(PORTS)}")
    cache = Varnish(executable, site.thread.port, tmp_path)
    try:
        cache.wait_until_serving()
        settings.WAGTAILFRONTENDCACHE = purge_settings(cache.url)
        yield cache
    finally:
        cache.stop()
        site.stop()


class Answer:
    def __init__(self, response: http.client.HTTPResponse):
        self.status = response.status
        self.headers = response.headers
        self.text = response.read().decode()

    @property
    def from_varnish(self) -> bool:
        """Served from what Varnish kept (X-Varnish names this request and the one that
        fetched the page)."""
        return len(self.headers["X-Varnish"].split()) == 2


def request(
    varnish: Varnish, path: str, method: str = "GET", source: str = "127.0.0.1", **headers
) -> Answer:
    connection = http.client.HTTPConnection(
        "127.0.0.1", varnish.port, timeout=10, source_address=(source, 0)
    )
    try:
        connection.request(method, path, headers=headers)
        return Answer(connection.getresponse())
    finally:
        connection.close()


def visit(varnish: Varnish, path: str, **headers) -> Answer:
    answer = request(varnish, path, **headers)
    assert answer.status == 200, f"{path} answered {answer.status}"
    return answer


def test_varnish_keeps_pages_and_a_publish_reaches_visitors_within_a_second(varnish, programme):
    path = path_of(programme)
    first = visit(varnish, path)
    assert "One Leeds workforce" in first.text
    assert not first.from_varnish
    second = visit(varnish, path)
    assert second.from_varnish
    assert int(second.headers["Age"]) >= 0
    assert second.text == first.text
    # The section's listing shows the title too.
    visit(varnish, "/programmes/")
    assert visit(varnish, "/programmes/").from_varnish

    programme.title = NEW_TITLE
    publishing = time.monotonic()
    programme.save_revision().publish()
    started = time.monotonic()  # the change is committed
    while NEW_TITLE not in (page := visit(varnish, path)).text:
        assert time.monotonic() - started < 1, "the published change did not reach Varnish in 1 s"
        time.sleep(0.02)
    delay = time.monotonic() - started
    assert delay < 1
    print(
        f"publish took {(started - publishing) * 1000:.0f} ms; "
        f"the fresh page through Varnish {delay * 1000:.0f} ms after it"
    )
    assert not page.from_varnish
    assert NEW_TITLE in visit(varnish, "/programmes/").text


def test_editors_and_anything_but_reading_go_straight_through_varnish(varnish, programme, client):
    path = path_of(programme)
    visit(varnish, path)
    # Cookies the site does not read do not stop visitors sharing the kept page.
    assert visit(varnish, path, Cookie="lahp_video_consent=yes").from_varnish

    client.force_login(get_user_model().objects.create_superuser("ed", "ed@example.org", "pw"))
    signed_in = f"sessionid={client.cookies['sessionid'].value}; lahp_video_consent=yes"
    for _ in range(2):
        page = visit(varnish, path, Cookie=signed_in)
        assert not page.from_varnish
        assert "private" in page.headers["Cache-Control"]
        assert "wagtail-userbar" in page.text  # the editor's own bar, never a visitor's copy
        assert not visit(varnish, "/admin/", Cookie=signed_in).from_varnish

    # Withdrawing the video choice without JavaScript posts the visitor's cookie and
    # gets it deleted: both pass through.
    withdrawn = request(
        varnish,
        "/video-consent/withdraw/",
        method="POST",
        Cookie="lahp_video_consent=yes",
        **{"Content-Type": "application/x-www-form-urlencoded", "Content-Length": "0"},
    )
    assert withdrawn.status == 302
    assert withdrawn.headers["Set-Cookie"].startswith('lahp_video_consent="";')
    assert "Max-Age=0" in withdrawn.headers["Set-Cookie"]
    assert not withdrawn.from_varnish


def test_only_trusted_addresses_may_empty_varnish(varnish, programme):
    path = path_of(programme)
    visit(varnish, path)
    # Loopback's 127.0.0.2 is not in the VCL's list of purgers (127.0.0.1 and ::1).
    for method in ("BAN", "PURGE"):
        refused = request(varnish, path, method=method, source="127.0.0.2")
        assert refused.status == 405, method
        assert visit(varnish, path).from_varnish, method

    # Wagtail's own purge of one address (sent when a page is published).
    purge_url_from_cache(f"{varnish.url}{path}")
    assert not visit(varnish, path).from_varnish
