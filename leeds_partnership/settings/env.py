"""Typed reads of environment variables, with messages that say what to fix."""

import os

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def get_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def get_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false (got {raw!r}).")


def get_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number (got {raw!r}).") from None


def get_list(name: str, default: str = "") -> list[str]:
    """A comma-separated list, e.g. ALLOWED_HOSTS=lahp.example,www.lahp.example."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def require(*names: str) -> None:
    """Stop with one clear message naming every required variable that is missing."""
    missing = [name for name in names if not get_str(name)]
    if missing:
        raise ImproperlyConfigured(
            "These environment variables must be set in production: "
            + ", ".join(missing)
            + ". See 'Environment variables' in README.md."
        )
