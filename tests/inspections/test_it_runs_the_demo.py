import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from django.core.management import call_command

from zhenggai.accounts.models import Role, User
from zhenggai.demo import DEMO_UNITS
from zhenggai.inspections.models import Campaign
from zhenggai.tasks.models import Task

pytestmark = pytest.mark.django_db


def test_it_prepares_the_demo_once(capsys, settings):
    settings.DEMO_PASSWORD = "s3cret-demo"
    call_command("demo", "--no-serve")
    call_command("demo", "--no-serve")
    out = capsys.readouterr().out

    assert Campaign.objects.count() == 1
    assert Task.objects.count() == 63
    assert "示例报告已导入,跳过" in out
    assert "s3cret-demo" in out
    for username in ("office", "leader", "discipline", "observer"):
        assert f"  {username}" in out
    roles = dict(User.objects.values_list("username", "role"))
    assert roles["office"] == Role.OFFICE
    assert roles["leader"] == Role.LEADER
    assert roles["discipline"] == Role.DISCIPLINE
    assert roles["observer"] == Role.OBSERVER
    liaisons = User.objects.filter(role=Role.LIAISON)
    assert liaisons.count() == len(DEMO_UNITS)
    assert all(u.is_demo and u.unit.liaison_id == u.pk for u in liaisons)
    assert User.objects.get(username="office").check_password("s3cret-demo")


def test_it_never_takes_over_a_real_account():
    User.objects.create_user("office", password="real")
    with pytest.raises(RuntimeError):
        call_command("demo", "--no-serve")
    assert User.objects.get(username="office").check_password("real")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_it_serves_on_localhost(tmp_path):
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite3'}",
        "ZHENGGAI_DATA_DIR": str(tmp_path / "var"),
        "ZHENGGAI_ENV": "demo",
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "zhenggai.cli", "demo", "--port", str(port)],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=5) as r:
                    body = r.read().decode()
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(proc.stdout.read()) from None
                time.sleep(0.5)
        assert "登录" in body
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/static/zhenggai/app.css") as r:
            assert r.status == 200
    finally:
        proc.terminate()
        proc.wait(timeout=10)
