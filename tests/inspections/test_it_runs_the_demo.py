import datetime
import os
import socket
import subprocess
import sys
import time
import urllib.request
import zoneinfo
from collections import Counter

import pytest
from django.core.management import call_command
from django.test import Client

from zhenggai.accountability.models import Record as AccountabilityRecord
from zhenggai.accounts.models import Role, User
from zhenggai.audit.models import AuditEntry
from zhenggai.briefings.models import Briefing
from zhenggai.demo import DEMO_PEOPLE, DEMO_UNITS
from zhenggai.feedback.models import Feedback
from zhenggai.feedback.models import Status as FeedbackStatus
from zhenggai.inspections.models import Campaign
from zhenggai.lib import clock
from zhenggai.meetings.models import Meeting
from zhenggai.publication.models import PublicReport
from zhenggai.reporting.models import ProgressReport
from zhenggai.tasks.models import Action, DeadlineExtension, Status, Task, Transition
from zhenggai.todo.entries import entries_for

pytestmark = pytest.mark.django_db


@pytest.mark.heavy
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
    # The report's 13/31/19; of the 31 with staged results, three moved on towards
    # closure after the report was published (two wait for review, one for approval).
    assert counts == {
        Status.COMPLETED: 13,
        Status.STAGED: 28,
        Status.CLOSURE_REQUESTED: 2,
        Status.OFFICE_ACCEPTED: 1,
        Status.LONG_TERM: 19,
    }
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
    # Every report is reviewed, except three the office has not yet come to.
    assert reports.filter(period_start__gt=datetime.date(2018, 11, 19)).count() == 0
    assert reports.exclude(status=ProgressReport.Status.ACCEPTED).count() == 3
    assert reports.filter(status=ProgressReport.Status.SUBMITTED).count() == 3
    assert AuditEntry.objects.filter(action="report_return").exists()
    published = PublicReport.objects.published().get()
    assert published.published_at.date() == datetime.date(2018, 11, 27)
    assert "已完成整改" in published.text
    # Published before the afternoon's closure requests: the report says 13/31/19.
    assert published.text.count("(已完成整改)") == 13
    assert published.text.count("(已取得阶段性成效)") == 31
    assert published.text.count("(长期推进,已落实具体举措并取得明显成效)") == 19

    _it_leaves_work_open(settings)


REPORT_DAY = datetime.datetime(2018, 11, 27, 18, tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai"))


def _it_leaves_work_open(settings):
    """On the report day every account but the observer's has something to do, in every
    module, and the dashboard says which day it stands on."""
    settings.CLOCK_PIN = REPORT_DAY
    today = REPORT_DAY.date()
    assert clock.today() == today

    demo_users = User.objects.filter(is_demo=True)
    # + the city's office (市整改办), above the district.
    assert demo_users.count() == len(DEMO_PEOPLE) + len(DEMO_UNITS) + 1
    city_office = User.objects.get(username="city-office")
    assert city_office.organisation.name == "广州市"
    for campaign in Campaign.objects.all():
        assert campaign.owner.name == "荔湾区" and campaign.owner.parent == city_office.organisation
    kinds = Counter()
    for user in demo_users:
        entries = entries_for(user)
        if user == city_office:
            # The district's daily report, to sign for.
            assert [e.kind for e in entries] == ["upward_report"]
        elif user.role == Role.OBSERVER:
            assert entries == [], user.username
        else:
            assert entries, f"{user.username} has nothing to do on the report day"
        kinds.update(e.kind for e in entries)
    # Every module has open work: closure review and approval, a return, an extension,
    # due and missing reports, reports to review, a briefing draft, 督办单 waiting and
    # overdue, feedback to triage and to answer, a unit without a liaison.
    for kind in (
        "review", "approve", "returned", "extension", "due_report", "missing_reports",
        "report_review", "briefing", "notice", "notice_overdue", "feedback", "no_liaison",
    ):  # fmt: skip
        assert kinds[kind], kind
    returned = next(e for e in entries_for(User.objects.get(username="ll-xcb")) if e.note)
    assert returned.note and returned.who

    assert Briefing.objects.issued().filter(kind=Briefing.Kind.WEEKLY).count() >= 5
    numbers = list(
        Briefing.objects.filter(kind=Briefing.Kind.WEEKLY)
        .order_by("number")
        .values_list("number", flat=True)
    )
    assert numbers == list(range(1, len(numbers) + 1))
    assert Briefing.objects.drafts().count() == 1
    assert Meeting.objects.count() == 15  # the report's 4 + 1 + 1 + 3 + 6
    assert AccountabilityRecord.objects.filter(persons=110).exists()
    assert Feedback.objects.filter(status=FeedbackStatus.NEW).exists()
    assert DeadlineExtension.objects.filter(status=DeadlineExtension.Status.PENDING).exists()

    # The dashboard stands on the report day: its date, that day's overdue count (the
    # one overdue rule, at that date), and a weekly chart from the feedback's week.
    overdue = Task.objects.overdue(today).count()
    assert overdue > 0
    assert overdue != Task.objects.overdue(datetime.date(2018, 11, 1)).count()
    client = Client()
    client.force_login(User.objects.get(username="office"))
    html = client.get("/").content.decode()
    assert "数据日期:2018年11月27日(演示)" in html
    assert f'<span class="n">{overdue}</span><span class="l">已逾期' in html
    # The counts per state, from the rollups that the replay's moves kept, are the
    # items' (the seed's 13/31/19 before the replay: dashboard/test_it_counts_the_seed),
    # and the rollups agree with a recomputation.
    for status in (Status.COMPLETED, Status.STAGED, Status.LONG_TERM):
        n = Task.objects.filter(status=status).count()
        assert f'<span class="n">{n}</span><span class="l">{status.label}' in html
    from zhenggai.rollups.maintain import drift

    assert drift() == []
    assert "07-23" in html  # the week of the feedback (2018-07-24)
    assert "数据日期:2018年11月27日(演示)" in client.get("/todo/").content.decode()


def test_it_never_takes_over_a_real_account():
    User.objects.create_user("office", password="real")
    with pytest.raises(RuntimeError):
        call_command("demo", "--no-serve")
    assert User.objects.get(username="office").check_password("real")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.heavy
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
        # The replay, the report day's open work and the briefings' files take a minute
        # or so; more on a machine busy with other tests.
        deadline = time.monotonic() + 240
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


def test_it_refuses_a_taken_port_before_touching_the_database(tmp_path):
    database = tmp_path / "demo.sqlite3"
    database.write_bytes(b"the demo database of an earlier run")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{database}",
            "ZHENGGAI_DATA_DIR": str(tmp_path / "var"),
            "ZHENGGAI_ENV": "demo",
        }
        done = subprocess.run(
            [sys.executable, "-m", "zhenggai.cli", "demo", "--fresh", "--port", str(port)],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert done.returncode == 1
    assert f"端口 {port} 已被占用" in done.stderr
    assert f"Port {port} on 127.0.0.1 is already in use" in done.stderr
    assert "Traceback" not in done.stderr
    assert database.read_bytes() == b"the demo database of an earlier run"
