"""The command-line contract: other tools depend on these exit codes and this JSON."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from zhenggai.inspections.management.commands.demo import seed_text
from zhenggai.inspections.models import Campaign
from zhenggai.tasks.models import Task

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def seed_file(tmp_path):
    path = tmp_path / "liwan.txt"
    path.write_text(seed_text(), encoding="utf-8")
    return path


def zhenggai(*args, cwd, env=None):
    """Run the installed console command in a clean working directory."""
    full_env = {**os.environ, "ZHENGGAI_DATA_DIR": str(cwd / "var")}
    full_env.pop("DATABASE_URL", None)
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "zhenggai.cli", *args],
        cwd=cwd,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_it_prints_the_parse_as_json(seed_file, tmp_path):
    result = zhenggai("parse-report", str(seed_file), "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["items"] == 63
    assert data["status_counts"] == {
        "completed": 13, "staged": 31, "long_term": 19, "in_progress": 0, "unfinished": 0,
        "none": 0,
    }  # fmt: skip
    assert data["inspection"] == {
        "kind": "巡视",
        "inspector": "省委第十巡视组",
        "inspected": "广州市荔湾区",
        "onsite_start": "2018-03-12",
        "onsite_end": "2018-05-15",
        "feedback_date": "2018-07-24",
    }
    assert [n["label"] for n in data["nodes"]] == ["(一)", "(二)", "(三)", "(四)", "(五)", "(六)"]
    # parse-report writes nothing, not even a database file.
    assert not (tmp_path / "zhenggai.sqlite3").exists()


@pytest.mark.parametrize(
    "content",
    [b"", b"\x00\x01\x02\xff\xfe" * 200, "<html><body><p>今日天气晴</p></body></html>".encode()],
    ids=["empty", "binary", "random-page"],
)
def test_it_exits_2_on_what_is_not_a_report(tmp_path, content):
    path = tmp_path / "x.html"
    path.write_bytes(content)
    result = zhenggai("parse-report", str(path), "--json", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1


def test_it_exits_2_on_a_missing_file(tmp_path):
    result = zhenggai("parse-report", str(tmp_path / "nope.txt"), cwd=tmp_path)
    assert result.returncode == 2
    assert "nope.txt" in result.stderr


@pytest.mark.heavy
def test_it_imports_into_the_default_sqlite_file_of_the_working_directory(seed_file, tmp_path):
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'zhenggai.sqlite3'}"}
    assert zhenggai("migrate", "-v0", cwd=tmp_path, env=env).returncode == 0
    result = zhenggai("import-report", str(seed_file), cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stderr
    assert "具体问题 63 项" in result.stdout
    assert "已完成整改 13" in result.stdout


@pytest.mark.django_db
def test_it_imports_through_call_command(seed_file, capsys):
    call_command("import_report", str(seed_file))
    assert Campaign.objects.count() == 1
    assert Task.objects.count() == 63
    assert "具体问题 63 项" in capsys.readouterr().out


@pytest.mark.django_db
def test_it_refuses_garbage_and_writes_nothing(tmp_path):
    path = tmp_path / "junk.txt"
    path.write_text("这是一段与整改无关的文字。" * 20, encoding="utf-8")
    with pytest.raises(CommandError) as exc:
        call_command("import_report", str(path))
    assert exc.value.returncode == 2
    assert Campaign.objects.count() == 0
