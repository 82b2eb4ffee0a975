"""Small typed readers for settings that come from the environment.

Each one fails loudly on a value it cannot read: a mistyped ``ZHENGGAI_DEBUG=ture``
must stop the process, not silently leave debugging on or off.
"""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be one of 1/0/true/false/yes/no/on/off, not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, not {raw!r}") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [part.strip() for part in raw.split(",") if part.strip()]


def env_choice(name: str, choices: tuple[str, ...], default: str) -> str:
    raw = os.environ.get(name, default).strip().lower()
    if raw not in choices:
        raise ImproperlyConfigured(f"{name} must be one of {', '.join(choices)}, not {raw!r}")
    return raw


def generated_secret(path: Path) -> str:
    """A random key made once per installation and kept beside the data.

    Outside production we would rather not make an operator invent a key, but a
    key that is the same on every machine would let anyone forge sessions.
    """
    from django.core.management.utils import get_random_secret_key

    if path.exists():
        key = path.read_text(encoding="ascii").strip()
        if key:
            return key
    path.parent.mkdir(parents=True, exist_ok=True)
    key = get_random_secret_key()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(key)
    return key


# Keys people type when a form asks for one; any of them in production is no secret.
_WEAK_KEYS = {"changeme", "change-me", "secret", "secretkey", "secret_key", "password", "django"}


def check_secret_key(key: str) -> None:
    """Refuse a production key that is short, repetitive, a placeholder or Django's
    insecure development key."""
    lowered = key.strip().lower()
    if (
        len(key) < 50
        or len(set(key)) < 10
        or lowered in _WEAK_KEYS
        or lowered.startswith("django-insecure")
        or any(word in lowered for word in ("changeme", "change-me", "example"))
    ):
        raise ImproperlyConfigured(
            "ZHENGGAI_SECRET_KEY is too weak for production: use at least 50 random "
            "characters, e.g. python3 -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
