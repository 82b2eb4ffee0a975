import datetime
import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from zhenggai.env import env_bool, env_int, generated_secret
from zhenggai.inspections.models import add_months


def test_it_refuses_a_mistyped_boolean(monkeypatch):
    monkeypatch.setenv("ZHENGGAI_X", "ture")
    with pytest.raises(ImproperlyConfigured):
        env_bool("ZHENGGAI_X")
    monkeypatch.setenv("ZHENGGAI_X", "yes")
    assert env_bool("ZHENGGAI_X") is True


def test_it_refuses_a_non_integer(monkeypatch):
    monkeypatch.setenv("ZHENGGAI_N", "20MB")
    with pytest.raises(ImproperlyConfigured):
        env_int("ZHENGGAI_N", 1)


def test_it_keeps_one_random_key_per_install(tmp_path):
    first = generated_secret(tmp_path / "k")
    assert first == generated_secret(tmp_path / "k")
    assert first != generated_secret(tmp_path / "other")
    assert oct((tmp_path / "k").stat().st_mode & 0o777) == "0o600"


def _settings_in_subprocess(tmp_path, **env):
    full = {k: v for k, v in os.environ.items() if not k.startswith("ZHENGGAI_")}
    full.update(ZHENGGAI_DATA_DIR=str(tmp_path), **env)
    code = "import zhenggai.settings as s; print(s.DEBUG, bool(s.SECRET_KEY))"
    return subprocess.run(
        [sys.executable, "-c", code], env=full, capture_output=True, text=True, timeout=60
    )


def test_it_needs_a_secret_key_in_production(tmp_path):
    result = _settings_in_subprocess(tmp_path, ZHENGGAI_ENV="production")
    assert result.returncode != 0
    assert "ZHENGGAI_SECRET_KEY" in result.stderr


def test_it_keeps_debug_off_unless_asked(tmp_path):
    result = _settings_in_subprocess(tmp_path)
    assert result.stdout.split() == ["False", "True"]
    result = _settings_in_subprocess(
        tmp_path, ZHENGGAI_ENV="production", ZHENGGAI_SECRET_KEY="x" * 50, ZHENGGAI_DEBUG="1"
    )
    assert result.returncode != 0


@pytest.mark.parametrize(
    "day, due",
    [
        ("2018-07-24", "2018-09-24"),
        ("2018-12-31", "2019-02-28"),
        ("2019-12-31", "2020-02-29"),
        ("2018-11-30", "2019-01-30"),
    ],
)
def test_it_gives_the_report_due_date_two_months_on(day, due):
    assert add_months(datetime.date.fromisoformat(day), 2) == datetime.date.fromisoformat(due)
