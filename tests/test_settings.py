"""Production settings are safe by default and refuse to start half-configured."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "leeds_partnership.settings.production",
    "SECRET_KEY": "a-long-random-production-key-" + "x" * 40,
    "ALLOWED_HOSTS": "www.lahp.example,lahp.example",
    "DATABASE_URL": "sqlite:////tmp/lahp-settings-test.sqlite3",
}


def manage(*args, **env):
    ignored = {*PRODUCTION_ENV, "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in ignored}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_with_its_environment_passes_the_deploy_check():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"])
def test_production_refuses_to_start_without_a_required_setting(missing):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
    result = manage("check", **env)
    assert result.returncode != 0
    assert "These environment variables must be set in production: " + missing in result.stderr
    assert "Traceback" not in result.stderr.splitlines()[-1]


def test_production_refuses_a_wildcard_host():
    result = manage("check", **{**PRODUCTION_ENV, "ALLOWED_HOSTS": "*"})
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must list the site's own host names" in result.stderr


def test_a_malformed_setting_is_named_in_the_error():
    result = manage("check", **{**PRODUCTION_ENV, "SECURE_HSTS_SECONDS": "a year"})
    assert result.returncode != 0
    assert "SECURE_HSTS_SECONDS must be a whole number (got 'a year')" in result.stderr


def test_production_is_never_in_debug_mode_whatever_the_environment():
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings as s; print(s.DEBUG, s.SECURE_SSL_REDIRECT, "
        "s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS)",
        **{**PRODUCTION_ENV, "DEBUG": "true"},
    )
    assert result.stdout.split() == ["False", "True", "True", "True", "31536000"], result.stderr


def test_production_serves_static_files_compressed_with_hashed_names():
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; print(settings.STORAGES['staticfiles']['BACKEND'])",
        **PRODUCTION_ENV,
    )
    assert result.stdout.strip() == "whitenoise.storage.CompressedManifestStaticFilesStorage"


def gunicorn_setting(name, prefix=(), **env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith("GUNICORN_")}
    return subprocess.run(
        [
            *prefix,
            sys.executable,
            "-c",
            f"import leeds_partnership.gunicorn_conf as c; print(c.{name})",
        ],
        cwd=PROJECT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_gunicorn_counts_only_the_cpus_it_may_use():
    # A container limited to one CPU of a bigger host gets 2 × 1 + 1 workers, not 2 × host + 1.
    result = gunicorn_setting("workers", prefix=("taskset", "-c", "0"))
    assert result.stdout.strip() == "3", result.stderr


def test_gunicorn_workers_can_be_set_and_are_checked():
    assert gunicorn_setting("workers", GUNICORN_WORKERS="7").stdout.strip() == "7"
    result = gunicorn_setting("workers", GUNICORN_WORKERS="lots")
    assert result.returncode != 0
    assert "GUNICORN_WORKERS must be a whole number, 1 or more (got 'lots')." in result.stderr


FRONTEND_CACHE = (
    "from django.conf import settings as s; "
    "print('wagtail.contrib.frontend_cache' in s.INSTALLED_APPS, "
    "getattr(s, 'WAGTAILFRONTENDCACHE', {}).get('varnish', {}).get('LOCATION'))"
)


def test_the_front_end_cache_is_purged_only_when_its_address_is_given():
    result = manage("shell", "--no-imports", "-c", FRONTEND_CACHE, **PRODUCTION_ENV)
    assert result.stdout.split() == ["False", "None"], result.stderr
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        FRONTEND_CACHE,
        **{**PRODUCTION_ENV, "FRONTEND_CACHE_PURGE_URL": "http://127.0.0.1:6081"},
    )
    assert result.stdout.split() == ["True", "http://127.0.0.1:6081"], result.stderr


def test_a_front_end_cache_address_that_is_not_one_is_refused():
    result = manage("check", **{**PRODUCTION_ENV, "FRONTEND_CACHE_PURGE_URL": "127.0.0.1:6081"})
    assert result.returncode != 0
    assert "FRONTEND_CACHE_PURGE_URL must be the front-end cache's address" in result.stderr


def test_a_bucket_keeps_uploads_private_with_addresses_that_outlive_kept_pages():
    script = (
        "import json; from django.conf import settings; "
        "print(json.dumps([settings.STORAGES['default'], settings.LAHP_CACHE_SECONDS, "
        "settings.LAHP_PAGE_CACHE_SECONDS, settings.LAHP_SHARED_CACHE_SECONDS]))"
    )
    bucket = {"AWS_STORAGE_BUCKET_NAME": "lahp-media", "AWS_S3_REGION_NAME": "eu-west-2"}
    result = manage("shell", "-c", script, **PRODUCTION_ENV, **bucket)
    assert result.returncode == 0, result.stderr
    storage, *kept_for = json.loads(result.stdout.strip().splitlines()[-1])
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    options = storage["OPTIONS"]
    assert (options["bucket_name"], options["region_name"]) == ("lahp-media", "eu-west-2")
    # No object is public, every address is signed, and no upload replaces another.
    assert options["default_acl"] is None
    assert options["querystring_auth"] is True
    assert options["file_overwrite"] is False
    assert options["querystring_expire"] > sum(kept_for)
    # Keys are never part of the settings: boto3 reads them from the environment.
    assert "secret_key" not in options


def test_postgresql_connections_give_up_in_seconds_as_the_environment_says():
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; print(settings.DATABASES['default']['OPTIONS'])",
        **{
            **PRODUCTION_ENV,
            "DATABASE_URL": "postgres://lahp@db.lahp.example:5432/lahp",
            "DATABASE_STATEMENT_TIMEOUT": "3",
        },
    )
    assert "'connect_timeout': 5" in result.stdout, result.stderr
    assert "'options': '-c statement_timeout=3000'" in result.stdout
