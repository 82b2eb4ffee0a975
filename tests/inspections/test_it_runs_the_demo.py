import datetime
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections import Counter

import pytest
from django.core.management import call_command

from zhenggai.accounts.models import Role, User
from zhenggai.audit.models import AuditEntry
from zhenggai.demo import DEMO_UNITS
from zhenggai.inspections.models import Campaign
from zhenggai.publication.models import PublicReport
from zhenggai.reporting.models import ProgressReport
from zhenggai.tasks.models import Action, Status, Task, Transition

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

    # The replay (checked here rather than in a test of its own: it takes a while).
    tasks = Task.objects.all()
    counts = Counter(tasks.values_list("status", flat=True))
    assert counts == {Status.COMPLETED: 13, Status.STAGED: 31, Status.LONG_TERM: 19}
    assert not tasks.filter(lead_unit__isnull=True).exists()
    # The story happened between the feedback and the report, not today.
    times = Transition.objects.values_list("at", flat=True)
    moves = Transition.objects.exclude(action=Action.IMPORT)
    first, last = min(moves.values_list("at", flat=True)), max(times)
    assert first.date() >= datetime.date(2018, 7, 24)
    assert moves.filter(at__date__gt=datetime.date(2018, 11, 27)).count() == 0
    assert last is not None
    completed = tasks.filter(status=Status.COMPLETED).first()
    assert list(completed.transitions.values_list("action", flat=True)) == [
        Action.IMPORT, Action.ASSIGN, Action.CLAIM, Action.START, Action.REQUEST_CLOSURE,
        Action.OFFICE_ACCEPT, Action.APPROVE,
    ]  # fmt: skip
    assert completed.evidence.exists()
    reports = ProgressReport.objects.all()
    assert reports.count() > 63 * 10
    assert (
        reports.filter(status=ProgressReport.Status.ACCEPTED).count()
        == reports.filter(period_start__lte=datetime.date(2018, 11, 19)).count()
    )
    assert AuditEntry.objects.filter(action="report_return").exists()
    published = PublicReport.objects.published().get()
    assert published.published_at.date() == datetime.date(2018, 11, 27)
    assert "已完成整改" in published.text


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
                    # Stop a demo that is still starting (and its worker, which shares its
                    # output) first: reading the output to its end would wait forever.
                    proc.terminate()
                    try:
                        output = proc.communicate(timeout=15)[0]
                    except subprocess.TimeoutExpired:
                        proc.kill()
                        output = "(the demo did not stop on SIGTERM)"
                    raise AssertionError(output) from None
                time.sleep(0.5)
        assert "登录" in body
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/static/zhenggai/app.css") as r:
            assert r.status == 200
    finally:
        proc.terminate()
        proc.wait(timeout=10)
