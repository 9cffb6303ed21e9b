"""Production settings are safe by default and refuse to start half-configured."""

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
