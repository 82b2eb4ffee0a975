"""Production is secure by default: no demo, no weak key, HTTPS on, headers on every
response, and Django's deployment check passes at WARNING with the defaults."""

import os
import secrets
import subprocess
import sys

import pytest
from django.urls import reverse

from tests.conftest import make_user
from zhenggai.accounts.models import LoginAttempt, LoginReason, Role, User

STRONG_KEY = secrets.token_urlsafe(50)


def _run(tmp_path, args, **env):
    # Nothing of this process's own: the browser tests set DJANGO_ALLOW_ASYNC_UNSAFE.
    full = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("ZHENGGAI_", "DATABASE_", "DJANGO_"))
    }
    full.update(
        ZHENGGAI_DATA_DIR=str(tmp_path),
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        **env,
    )
    return subprocess.run(
        [sys.executable, *args], env=full, capture_output=True, text=True, timeout=120
    )


def test_the_demo_refuses_to_run_in_production(tmp_path):
    result = _run(
        tmp_path,
        ["-m", "zhenggai.cli", "demo", "--no-serve"],
        ZHENGGAI_ENV="production",
        ZHENGGAI_SECRET_KEY=STRONG_KEY,
    )
    assert result.returncode != 0
    assert "正式环境" in result.stderr
    assert not (tmp_path / "db.sqlite3").exists() or (tmp_path / "db.sqlite3").stat().st_size == 0


@pytest.mark.parametrize("key", ["changeme", "x" * 60, "django-insecure-" + "abcdefghij" * 5])
def test_production_refuses_a_weak_secret_key(tmp_path, key):
    result = _run(
        tmp_path,
        ["-c", "import zhenggai.settings"],
        ZHENGGAI_ENV="production",
        ZHENGGAI_SECRET_KEY=key,
    )
    assert result.returncode != 0
    assert "too weak" in result.stderr


def test_the_deployment_check_passes_with_production_defaults(tmp_path):
    result = _run(
        tmp_path,
        ["-m", "zhenggai.cli", "check", "--deploy", "--fail-level", "WARNING"],
        ZHENGGAI_ENV="production",
        ZHENGGAI_SECRET_KEY=STRONG_KEY,
        ZHENGGAI_ALLOWED_HOSTS="zhenggai.example.gov.cn",
    )
    assert result.returncode == 0, result.stderr


def test_a_relaxed_setting_is_said_at_start(tmp_path):
    result = _run(
        tmp_path,
        ["-m", "zhenggai.cli", "check"],
        ZHENGGAI_ENV="production",
        ZHENGGAI_SECRET_KEY=STRONG_KEY,
        ZHENGGAI_SSL_REDIRECT="0",
    )
    assert result.returncode == 0
    assert "ZHENGGAI_SSL_REDIRECT=0" in result.stderr


@pytest.mark.django_db
def test_production_refuses_a_demo_accounts_sign_in(client, settings):
    settings.PRODUCTION = True
    user = make_user("office", Role.OFFICE)
    User.objects.filter(pk=user.pk).update(is_demo=True)
    response = client.post(reverse("login"), {"username": "office", "password": "pw"})
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    assert LoginAttempt.objects.get(username="office").reason == LoginReason.DEMO_ACCOUNT


@pytest.mark.django_db
def test_every_response_carries_the_security_headers(client):
    static = "/static/zhenggai/app.css"
    for url in [reverse("login"), reverse("publication:public_list"), "/no-such-page/", static]:
        response = client.get(url)
        csp = response["Content-Security-Policy"]
        assert (
            "script-src 'self'" in csp
            and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
        )
        assert "frame-ancestors 'none'" in csp
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"
        assert response["X-Frame-Options"] == "DENY"


def test_no_template_carries_an_inline_script():
    from pathlib import Path

    import zhenggai

    root = Path(zhenggai.__file__).parent
    offenders = []
    for path in root.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for chunk in text.split("<script")[1:]:
            head = chunk.split(">", 1)[0]
            if "src=" not in head and "application/json" not in head:
                offenders.append(str(path.relative_to(root)))
        if " onclick=" in text or " onload=" in text or "javascript:" in text:
            offenders.append(str(path.relative_to(root)))
    assert not offenders, offenders
