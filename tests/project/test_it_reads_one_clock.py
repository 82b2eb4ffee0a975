"""zhenggai.lib.clock: the one place the time is read, pinned by the demo, frozen by its
replay, and the standard library's clock (which tests move with time-machine) otherwise."""

import datetime
import subprocess
import threading
import zoneinfo
from pathlib import Path

import pytest
import time_machine
from django.core.exceptions import ImproperlyConfigured

from zhenggai.lib import clock

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
REPORT_DAY = datetime.datetime(2018, 11, 27, 18, tzinfo=SHANGHAI)


def test_it_follows_the_standard_clock_when_unpinned(settings):
    settings.CLOCK_PIN = None
    with time_machine.travel(datetime.datetime(2019, 3, 1, 9, tzinfo=SHANGHAI), tick=False):
        assert clock.now() == datetime.datetime(2019, 3, 1, 1, tzinfo=datetime.UTC)
        assert clock.today() == datetime.date(2019, 3, 1)


def test_it_stands_on_the_pinned_day_and_runs_on(settings):
    settings.CLOCK_PIN = REPORT_DAY
    first = clock.now()
    assert clock.today() == datetime.date(2018, 11, 27)
    assert first >= REPORT_DAY
    assert first - REPORT_DAY < datetime.timedelta(hours=1)
    assert clock.now() >= first  # things done one after the other keep their order


def test_pinned_wins_over_the_setting_and_is_undone_after(settings):
    settings.CLOCK_PIN = None
    with clock.pinned(REPORT_DAY):
        assert clock.pinned_at() == REPORT_DAY
        assert clock.today() == datetime.date(2018, 11, 27)
    assert clock.pinned_at() is None
    assert clock.today() != datetime.date(2018, 11, 27)


def test_frozen_stops_the_clock_for_this_thread_only(settings):
    settings.CLOCK_PIN = REPORT_DAY
    moment = datetime.datetime(2018, 8, 3, 9, tzinfo=SHANGHAI)
    seen = {}
    with clock.frozen(moment):
        thread = threading.Thread(target=lambda: seen.setdefault("other", clock.today()))
        thread.start()
        thread.join()
        assert clock.now() == moment
        assert clock.now() == moment  # frozen, not running
        assert clock.today() == datetime.date(2018, 8, 3)
    assert seen["other"] == datetime.date(2018, 11, 27)
    assert clock.today() == datetime.date(2018, 11, 27)


def test_it_refuses_a_naive_moment():
    with pytest.raises(ValueError), clock.frozen(datetime.datetime(2018, 11, 27)):
        pass


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("", None),
        ("2018-11-27", REPORT_DAY),
        ("2018-11-27T09:30", datetime.datetime(2018, 11, 27, 9, 30, tzinfo=SHANGHAI)),
        (
            "2018-11-27T01:30:00+00:00",
            datetime.datetime(2018, 11, 27, 1, 30, tzinfo=datetime.UTC),
        ),
    ],
)
def test_it_reads_the_pin_from_the_environment(raw, expected):
    assert clock.parse_pin(raw, "Asia/Shanghai") == expected


@pytest.mark.parametrize("raw", ["2018-13-01", "yesterday", "27/11/2018"])
def test_a_mistyped_pin_stops_the_process(raw):
    with pytest.raises(ImproperlyConfigured):
        clock.parse_pin(raw, "Asia/Shanghai")


def test_model_stamps_follow_the_clock(db):
    from tests.conftest import make_user
    from zhenggai.accounts.models import Role
    from zhenggai.meetings.models import Meeting

    moment = datetime.datetime(2018, 8, 3, 17, tzinfo=SHANGHAI)
    office = make_user("office-clock", Role.OFFICE)
    from zhenggai.inspections.models import Campaign

    campaign = Campaign.objects.create(name="测试整改")
    with clock.frozen(moment):
        meeting = Meeting.objects.create(
            campaign=campaign, kind="routine", title="例会", date=moment.date(), created_by=office
        )
    assert meeting.created_at == moment and meeting.updated_at == moment


def test_no_runtime_code_reads_the_time_elsewhere():
    """Every read of "now" or "today" in zhenggai goes through the clock; time-machine
    is for tests only."""
    root = Path(__file__).resolve().parents[2] / "zhenggai"
    found = subprocess.run(
        [
            "grep",
            "-rnE",
            r"timezone\.now\(|date\.today\(|localdate\(\)|time_machine|default=timezone\.now",
            str(root),
            "--include=*.py",
        ],
        capture_output=True,
        text=True,
    ).stdout.splitlines()
    found = [line for line in found if "/migrations/" not in line and "/lib/clock.py" not in line]
    assert found == []
