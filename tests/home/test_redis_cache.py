"""The shared cache in Redis (REDIS_URL), against the Redis server on loopback.

Every web worker and every instance reads the content version and kept pages
from Redis, so one publish retires what all of them kept.
"""

import os
import subprocess
import sys
import uuid

import pytest
import redis

from home.cache import VERSION_KEY, cache_is_shared
from tests.dev_server import REPOSITORY
from tests.factories import ProgrammePageFactory

REDIS_URL = os.environ.get("LAHP_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def redis_or_skip() -> redis.Redis:
    server = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        server.ping()
    except redis.ConnectionError:
        message = f"Redis does not answer at {REDIS_URL} (set LAHP_TEST_REDIS_URL)."
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail(message)
        pytest.skip(message)
    return server


@pytest.fixture
def shared_cache(settings):
    server = redis_or_skip()
    prefix = f"lahp-test-{uuid.uuid4().hex[:8]}"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        }
    }
    settings.LAHP_PAGE_CACHE_SECONDS = 600
    yield server, prefix
    for key in server.scan_iter(f"{prefix}:*"):
        server.delete(key)


def test_redis_url_gives_production_a_shared_cache():
    code = (
        "from django.conf import settings; c = settings.CACHES['default']; "
        "print(c['BACKEND'], c['LOCATION'], c['KEY_PREFIX'])"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "leeds_partnership.settings.production",
        "SECRET_KEY": "a-long-random-production-key-" + "x" * 40,
        "ALLOWED_HOSTS": "www.lahp.example",
        "DATABASE_URL": "sqlite:////tmp/lahp-settings-test.sqlite3",
        "REDIS_URL": "redis://cache.internal:6379/2",
    }
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=REPOSITORY,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.split() == [
        "django.core.cache.backends.redis.RedisCache",
        "redis://cache.internal:6379/2",
        "lahp",
    ]


def test_a_publish_retires_the_page_every_worker_kept_in_redis(
    client, programme_index, shared_cache, django_capture_on_commit_callbacks
):
    server, prefix = shared_cache
    assert cache_is_shared()
    page = ProgrammePageFactory(parent=programme_index, title="One Leeds workforce")
    page.save_revision().publish()

    assert client.get(page.url)["X-Page-Cache"] == "miss"
    assert client.get(page.url)["X-Page-Cache"] == "hit"
    # What was kept is in Redis, where every worker and instance reads it.
    version = server.get(f"{prefix}:1:{VERSION_KEY}")
    assert version is not None
    assert any(server.scan_iter(f"{prefix}:*"))

    page.title = "One Leeds workforce, 2027"
    # The version moves on once the publish is committed, as in production.
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()

    assert server.get(f"{prefix}:1:{VERSION_KEY}") != version
    response = client.get(page.url)
    assert response["X-Page-Cache"] == "miss"
    assert "One Leeds workforce, 2027" in response.content.decode()
