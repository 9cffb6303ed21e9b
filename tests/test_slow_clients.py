"""Slow clients against the site as production runs it, behind deploy/nginx/lahp.conf.

gunicorn's sync workers serve one connection each, from the request's first
byte to the answer's last, so as many slow clients as workers take the site
down. These tests start gunicorn (two workers, production settings, a
throw-away SQLite database) behind nginx with the committed configuration,
attack it with slowhttptest on loopback, and visit the site meanwhile; a
control attacks gunicorn alone, to show the attack is real.
"""

import contextlib
import http.client
import os
import re
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.dev_server import REPOSITORY, migrated_copy, site_environment

CONFIGURATION = REPOSITORY / "deploy" / "nginx" / "lahp.conf"
HOST = "www.example.org"
# Ports away from make run's 8000 and the development server tests' range.
PORTS = range(8210, 8220)
# Debian's packages, each named after its command.
TOOLS = ("nginx", "slowhttptest", "openssl")
# What a visitor waits for at most, attack or not.
PATIENCE = 2.0
CONNECTIONS = 200


def command(name: str) -> str | None:
    # nginx is in /usr/sbin, which is not on everyone's PATH.
    return shutil.which(name) or shutil.which(name, path="/usr/sbin:/sbin")


@pytest.fixture(scope="session")
def tools() -> None:
    """Skip (fail in CI) unless nginx, slowhttptest and openssl are installed."""
    missing = [name for name in TOOLS if command(name) is None]
    if not missing:
        return
    message = (
        f"{', '.join(missing)} not installed: apt-get install {' '.join(TOOLS)} "
        "(CI installs them in .ci/run)."
    )
    if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
        pytest.fail(message)
    pytest.skip(message)


def free_ports(count: int) -> list[int]:
    ports = []
    for port in PORTS:
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
        ports.append(port)
        if len(ports) == count:
            return ports
    raise RuntimeError(f"No {count} free ports in {PORTS.start}-{PORTS.stop - 1}.")


class Background:
    """A command running in a process group of its own, its output in a file."""

    def __init__(self, args: list[str], log: Path, env: dict[str, str] | None = None):
        self.log_path = log
        self._log = log.open("w")
        self.process = subprocess.Popen(
            args,
            cwd=REPOSITORY,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )

    def output(self) -> str:
        return self.log_path.read_text(errors="replace")

    def stop(self) -> None:
        # SIGINT: a quick shutdown for gunicorn and nginx alike; a test server
        # need not be waited for long.
        for sig, wait in ((signal.SIGINT, 3), (signal.SIGKILL, 5)):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, sig)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(wait)
                break
        self._log.close()


@dataclass
class Answer:
    status: int
    seconds: float
    body: str
    headers: http.client.HTTPMessage


def visit(port: int, path: str, *, tls: bool = True, headers=None) -> Answer:
    """One request as a visitor's browser makes it, given PATIENCE seconds to answer."""
    started = time.monotonic()
    if tls:
        context = ssl.create_default_context()
        # The test's own certificate, made for HOST, reached at 127.0.0.1.
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        connection = http.client.HTTPSConnection(
            "127.0.0.1", port, timeout=PATIENCE, context=context
        )
    else:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=PATIENCE)
    try:
        connection.request("GET", path, headers={"Host": HOST, **(headers or {})})
        response = connection.getresponse()
        body = response.read().decode("utf-8", "replace")
    finally:
        connection.close()
    return Answer(response.status, time.monotonic() - started, body, response.headers)


def wait_until_answering(port: int, *, tls: bool, server: Background, timeout: float = 60):
    deadline = time.monotonic() + timeout
    while True:
        try:
            return visit(port, "/health/live", tls=tls)
        except OSError:
            assert server.process.poll() is None, f"Stopped while starting:\n{server.output()}"
            assert time.monotonic() < deadline, (
                f"Not answering after {timeout} s:\n{server.output()}"
            )
            time.sleep(0.3)


def local_configuration(gunicorn: int, https: int, http_port: int, folder: Path) -> str:
    """deploy/nginx/lahp.conf with this machine's ports, certificate and media folder.

    Only what the file marks CHANGE is replaced; each must be found, so the
    test never runs a configuration other than the committed one.
    """
    text = CONFIGURATION.read_text()
    replacements = {
        "server 127.0.0.1:8000;": f"server 127.0.0.1:{gunicorn};",
        "listen 443 ssl http2;": f"listen 127.0.0.1:{https} ssl http2;",
        "listen [::]:443 ssl http2;": "",
        "listen 80;": f"listen 127.0.0.1:{http_port};",
        "listen [::]:80;": "",
        f"/etc/letsencrypt/live/{HOST}/fullchain.pem": str(folder / "certificate.pem"),
        f"/etc/letsencrypt/live/{HOST}/privkey.pem": str(folder / "key.pem"),
        "/srv/lahp/media/": f"{folder / 'media'}/",
    }
    for old, new in replacements.items():
        assert old in text, f"{CONFIGURATION.name} no longer contains {old!r}"
        text = text.replace(old, new)
    return text


@dataclass
class Site:
    gunicorn: int
    https: int
    http: int
    media: Path


@pytest.fixture(scope="module")
def site(tools, migrated_site, tmp_path_factory):
    """gunicorn with production settings behind nginx, as deployed; stopped afterwards."""
    folder = migrated_copy(migrated_site, tmp_path_factory.mktemp("slow-clients"))
    gunicorn_port, https_port, http_port = free_ports(3)
    media = folder / "media"
    media.mkdir()

    environment = {
        key: value
        for key, value in site_environment(folder).items()
        if not key.startswith(("GUNICORN_", "SECURE_", "LAHP_"))
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="leeds_partnership.settings.production",
        SECRET_KEY="slow-clients-test-only-" + "k" * 40,
        ALLOWED_HOSTS=HOST,
        BASE_URL=f"https://{HOST}",
        STATIC_ROOT=str(folder / "static"),
        TRUST_X_FORWARDED_PROTO="true",
        GUNICORN_BIND=f"127.0.0.1:{gunicorn_port}",
        GUNICORN_WORKERS="2",
        LOG_LEVEL="WARNING",
    )
    # Pages need the collected, fingerprinted static files, as in production.
    collected = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=REPOSITORY,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert collected.returncode == 0, collected.stderr
    gunicorn = Background(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--config",
            "python:leeds_partnership.gunicorn_conf",
            "leeds_partnership.wsgi",
        ],
        folder / "gunicorn.log",
        environment,
    )

    subprocess.run(
        [
            command("openssl"),
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-days",
            "1",
            "-subj",
            f"/CN={HOST}",
            "-keyout",
            str(folder / "key.pem"),
            "-out",
            str(folder / "certificate.pem"),
        ],
        check=True,
        capture_output=True,
    )
    (folder / "lahp.conf").write_text(
        local_configuration(gunicorn_port, https_port, http_port, folder)
    )
    nginx_folder = folder / "nginx"
    nginx_folder.mkdir()
    # As on Debian: the site's file included in an http {} block. Run as root
    # (CI), the workers stay root to read the test's private temporary folder.
    (folder / "nginx.conf").write_text(
        f"""
{"user root;" if os.geteuid() == 0 else ""}
worker_processes 1;
pid {nginx_folder}/nginx.pid;
events {{ worker_connections 2048; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path {nginx_folder}/body;
    proxy_temp_path {nginx_folder}/proxy;
    fastcgi_temp_path {nginx_folder}/fastcgi;
    uwsgi_temp_path {nginx_folder}/uwsgi;
    scgi_temp_path {nginx_folder}/scgi;
    include {folder}/lahp.conf;
}}
"""
    )
    nginx = Background(
        [
            command("nginx"),
            "-e",
            str(nginx_folder / "error.log"),
            "-p",
            str(nginx_folder),
            "-c",
            str(folder / "nginx.conf"),
            "-g",
            "daemon off;",
        ],
        folder / "nginx.log",
    )
    try:
        wait_until_answering(gunicorn_port, tls=False, server=gunicorn)
        wait_until_answering(https_port, tls=True, server=nginx)
        yield Site(gunicorn_port, https_port, http_port, media)
    finally:
        nginx.stop()
        gunicorn.stop()


ANSI = re.compile(r"\x1b\[[0-9;]*m")


@dataclass
class Attack:
    mode: str
    most_connected: int
    service_available: str
    exit_status: str
    summary: str


def slowhttptest(url: str, mode: str, seconds: int, log: Path) -> Background:
    """Slow headers (-H, slowloris) or a slow body (-B): CONNECTIONS at once,
    each sending a little more every 5 seconds for as long as it is let."""
    return Background(
        [
            command("slowhttptest"),
            mode,
            "-c",
            str(CONNECTIONS),
            "-r",
            str(CONNECTIONS),
            "-i",
            "5",
            "-l",
            str(seconds),
            "-p",
            str(int(PATIENCE)),
            "-u",
            url,
        ],
        log,
    )


def finished(attack: Background, mode: str, seconds: int) -> Attack:
    with contextlib.suppress(subprocess.TimeoutExpired):
        attack.process.wait(seconds + 10)
    attack.stop()
    output = ANSI.sub("", attack.output())
    connected = [int(n) for n in re.findall(r"^connected:\s+(\d+)", output, re.M)]
    available = re.findall(r"^service available:\s+(\w+)", output, re.M)
    exit_status = re.findall(r"^Exit status:\s+(.+)$", output, re.M)
    return Attack(
        mode,
        most_connected=max(connected, default=0),
        service_available=available[-1] if available else "?",
        exit_status=exit_status[-1].strip() if exit_status else "?",
        summary=output[output.rfind("slow HTTP test status") :].strip(),
    )


def visits_during(seconds: float, port: int, path: str, *, tls: bool) -> list[str]:
    """Visit the page every half second; what each visit got, or what went wrong."""
    results = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            answer = visit(port, path, tls=tls, headers={} if tls else AS_NGINX_SENDS)
        except OSError as error:
            results.append(f"no answer ({type(error).__name__}: {error})")
        else:
            late = " (too late)" if answer.seconds > PATIENCE else ""
            results.append(f"{answer.status} in {answer.seconds:.2f} s{late}")
        time.sleep(0.5)
    return results


def answered_in_time(result: str) -> bool:
    return result.startswith("200 ") and "too late" not in result


SEARCH = "/search/?q=health"
# What nginx tells gunicorn of a visitor's request, for visits to gunicorn alone.
AS_NGINX_SENDS = {"X-Forwarded-Proto": "https"}


def test_the_proxy_tells_the_site_the_visitors_host_and_https_and_hides_its_version(site):
    answer = visit(site.https, "/robots.txt")
    assert answer.status == 200
    # The site saw the host name and HTTPS (or it would redirect to HTTPS, for ever).
    assert f"Sitemap: https://{HOST}/sitemap.xml" in answer.body
    assert answer.headers["Server"] == "nginx"
    plain = visit(site.http, "/programmes/?page=2", tls=False)
    assert plain.status == 301
    assert plain.headers["Location"] == f"https://{HOST}/programmes/?page=2"
    assert plain.headers["Server"] == "nginx"
    # Health checkers inside the network ask over plain HTTP.
    assert visit(site.http, "/health/ready", tls=False).status == 200


def test_the_proxy_serves_uploaded_images_but_never_documents_or_films(site):
    for name in ("images/photo.jpg", "documents/private.pdf", "films/0123456789ab/draft.mp4"):
        (site.media / name).parent.mkdir(parents=True, exist_ok=True)
        (site.media / name).write_text(f"the file {name}")
    image = visit(site.https, "/media/images/photo.jpg")
    assert (image.status, image.body) == (200, "the file images/photo.jpg")
    assert image.headers["Content-Type"] == "image/jpeg"
    # The site decides who may have these, at /documents/ and /films/.
    assert visit(site.https, "/media/documents/private.pdf").status == 404
    assert visit(site.https, "/media/films/0123456789ab/draft.mp4").status == 404


def test_the_site_keeps_answering_through_the_proxy_while_slow_clients_hold_connections(
    site, tmp_path
):
    seconds = 15
    attacks = {
        "-H": slowhttptest(f"https://127.0.0.1:{site.https}/", "-H", seconds, tmp_path / "h.log"),
        "-B": slowhttptest(
            f"https://127.0.0.1:{site.https}/search/", "-B", seconds, tmp_path / "b.log"
        ),
    }
    time.sleep(2)  # every connection open
    visits = visits_during(seconds - 3, site.https, SEARCH, tls=True)
    results = [finished(attack, mode, seconds) for mode, attack in attacks.items()]

    for attack in results:
        print(f"slowhttptest {attack.mode} against nginx:\n{attack.summary}\n")
    print("Visits:", visits)
    for attack in results:
        assert attack.most_connected >= CONNECTIONS * 0.9, attack.summary
        assert attack.service_available == "YES", attack.summary
    # nginx hung up on the slow headers itself, after client_header_timeout.
    assert results[0].exit_status == "No open connections left", results[0].summary
    assert len(visits) >= 10
    assert all(answered_in_time(result) for result in visits), visits


def test_gunicorn_alone_is_taken_down_by_as_many_slow_clients(site, tmp_path):
    """The control: without nginx, the same slow headers leave visitors without an answer.

    Run last: gunicorn's workers are stuck until the attack ends.
    """
    seconds = 8
    before = visit(site.gunicorn, SEARCH, tls=False, headers=AS_NGINX_SENDS)
    assert before.status == 200, before.body
    attack = slowhttptest(f"http://127.0.0.1:{site.gunicorn}/", "-H", seconds, tmp_path / "g.log")
    time.sleep(2)
    visits = visits_during(seconds - 3, site.gunicorn, SEARCH, tls=False)
    result = finished(attack, "-H", seconds)
    print(f"slowhttptest -H against gunicorn alone:\n{result.summary}\n")
    print("Visits:", visits)
    assert result.service_available == "NO", result.summary
    assert not any(answered_in_time(result) for result in visits), visits
