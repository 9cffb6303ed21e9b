"""Health checks: what a load balancer, a container platform or monitoring asks.

`/health/live` answers while the process runs; `/health/ready` only while the
database and the cache answer too, so traffic is sent only where pages can be
served.
"""

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.dev_server import REPOSITORY, free_port

# Nothing listens here (ports below 1024 need root, and this one is unassigned).
CLOSED = "127.0.0.1:9"


def answer(client, path, **extra):
    response = client.get(path, **extra)
    return response.status_code, json.loads(response.content), response


def test_live_answers_without_touching_the_database(client, db):
    with CaptureQueriesContext(connection) as queries:
        status, body, response = answer(client, "/health/live")
    assert (status, body) == (200, {"status": "live"})
    assert len(queries) == 0
    assert response["Cache-Control"] == "no-store"
    assert not response.cookies


def test_ready_checks_the_database_and_the_cache(client, db):
    status, body, response = answer(client, "/health/ready")
    assert status == 200
    assert body == {"status": "ready", "checks": {"database": "ok", "cache": "ok"}}
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "no-store"


def test_health_answers_any_host_over_plain_http(client, db, settings):
    # A container's health check asks http://127.0.0.1:8000/, which production
    # would otherwise refuse (not an allowed host) or redirect to HTTPS.
    settings.SECURE_SSL_REDIRECT = True
    settings.ALLOWED_HOSTS = ["www.lahp.example"]
    status, body, _ = answer(client, "/health/ready", HTTP_HOST="10.0.0.7:8000")
    assert (status, body["status"]) == (200, "ready")
    assert client.get("/", HTTP_HOST="10.0.0.7:8000").status_code == 400


def test_ready_is_503_while_the_cache_is_down(client, db, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://{CLOSED}/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    status, body, response = answer(client, "/health/ready")
    assert status == 503
    assert body == {"status": "not ready", "checks": {"database": "ok", "cache": "unavailable"}}
    assert response["Retry-After"] == "10"
    # Still alive: restarting it would not help.
    assert client.get("/health/live").status_code == 200


def test_only_get_and_head(client, db):
    response = client.post("/health/ready")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"


def test_the_production_server_is_not_ready_while_its_database_is_down():
    """gunicorn with production settings and PostgreSQL out of reach: 503, not a hang or 500."""
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))},
        "DJANGO_SETTINGS_MODULE": "leeds_partnership.settings.production",
        "SECRET_KEY": "a-long-random-production-key-" + "x" * 40,
        "ALLOWED_HOSTS": "www.lahp.example",
        "DATABASE_URL": f"postgres://postgres@{CLOSED}/lahp",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "1",
    }
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--config",
            "python:leeds_partnership.gunicorn_conf",
            "leeds_partnership.wsgi",
        ],
        cwd=REPOSITORY,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base}/health/live", timeout=5) as live:
                    assert json.load(live) == {"status": "live"}
                break
            except OSError:
                assert time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.3)
        started = time.monotonic()
        with pytest.raises(urllib.error.HTTPError) as not_ready:
            urllib.request.urlopen(f"{base}/health/ready", timeout=30)
        assert time.monotonic() - started < 10
        assert not_ready.value.code == 503
        assert json.load(not_ready.value)["checks"]["database"] == "unavailable"
    finally:
        server.terminate()
        server.wait(10)
