"""Replay the Liwan campaign, from feedback (2018-07-24) to the report (2018-11-27).

The demo ledger should look like a working office's: assigned, claimed, reported on
every week, some reports sent back, closure requested with evidence, reviewed and
approved. So the story is played through the same model methods the users' pages call,
with the clock (zhenggai.lib.clock) frozen on each day, and it ends where the published
report ends: the seed's own statuses (13 completed, 31 staged, 19 long-term). What is
still open on the report day is left by demo_open.py.

Every text written here says it is demo data.
"""

import datetime
import random
import zoneinfo
from contextlib import contextmanager

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from zhenggai.accounts.models import Role, User
from zhenggai.demo import LEADERS
from zhenggai.lib import clock
from zhenggai.reporting.models import Evidence, Period, ProgressReport
from zhenggai.tasks.models import Status, Task, Timeframe
from zhenggai.units.matching import UnitMatcher
from zhenggai.units.models import Unit

FEEDBACK = datetime.date(2018, 7, 24)
REPORT_DATE = datetime.date(2018, 11, 27)
DEMO_MARK = "(演示数据)"
FALLBACK_LEAD = "区委办"
# A measure the report gives to every unit ("全区各单位全面摸查……") has every unit among
# its responsible units, so every unit reports on it.
DISTRICT_WIDE = ("全区各单位", "区属各单位", "全区各机关单位")
# Deadlines of the items the report counts as staged: most by the year's end, every
# eighth by 20 November — overdue on the report day, as some items of a real campaign are.
STAGED_DEADLINE, STAGED_EARLY_DEADLINE = datetime.date(2018, 12, 31), datetime.date(2018, 11, 20)


@contextmanager
def on(day: datetime.date, hour: int = 10, minute: int = 0):
    tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    with clock.frozen(datetime.datetime.combine(day, datetime.time(hour, minute), tz)):
        yield


def _fridays(first: datetime.date, last: datetime.date):
    day = first + datetime.timedelta(days=(4 - first.weekday()) % 7)
    while day <= last:
        yield day
        day += datetime.timedelta(days=7)


def _report_text(task: Task, actions: list, week: int, rng: random.Random) -> str:
    if actions:
        action = actions[week % len(actions)]
        core = action.text[:120].rstrip("".join(",,;;、"))
        text = f"本周围绕“{action.label}”推进:{core}"
    else:
        text = f"本周继续推进:{(task.body or task.measure)[:120]}"
    tail = rng.choice(
        ["下周将继续跟进。", "已向牵头单位汇总。", "相关台账已更新。", "存在困难已报整改办协调。"]
    )
    return f"{text}。{tail}{DEMO_MARK}"


def replay(campaign, targets: dict[str, str], seed: int = 2018) -> None:
    """Play `campaign` (all items in draft) to the statuses in `targets` (label → Status)."""
    rng = random.Random(seed)
    office = User.objects.get(username="office", is_demo=True)
    leader = User.objects.get(username="leader", is_demo=True)
    units = list(Unit.objects.all())
    by_name = {u.name: u for u in units}
    matcher = UnitMatcher(units)
    liaisons = {u.unit_id: u for u in User.objects.filter(role=Role.LIAISON, is_demo=True)}
    tasks = list(
        Task.objects.filter(finding__campaign=campaign)
        .select_related("finding")
        .prefetch_related("actions")
        .order_by("finding__position")
    )
    # Read once: refresh_from_db() below drops prefetched rows.
    actions = {task.pk: list(task.actions.all()) for task in tasks}

    # 下达: the office assigns every item within three days of the feedback.
    with on(FEEDBACK + datetime.timedelta(days=3), 9):
        staged_seen = 0
        for task in tasks:
            text = task.measure + task.body
            lead_id, shared = matcher.assignment(task.finding.title, text)
            if any(words in text for words in DISTRICT_WIDE):
                shared = {u.pk for u in units}
            lead = next((u for u in units if u.pk == lead_id), None) or by_name[FALLBACK_LEAD]
            target = targets[task.finding.label]
            long_term = target == Status.LONG_TERM
            deadline = None
            if target == Status.COMPLETED:
                deadline = datetime.date(2018, 10, 31)
            elif not long_term:
                staged_seen += 1
                early = staged_seen % 8 == 4
                deadline = STAGED_EARLY_DEADLINE if early else STAGED_DEADLINE
            task.assign(
                office,
                lead_unit=lead,
                units=[u for u in units if u.pk in shared and u.pk != lead.pk],
                leader=LEADERS.get(lead.name, "分管区领导"),
                deadline=deadline,
                timeframe=Timeframe.LONG_TERM if long_term else Timeframe.DEADLINE,
                reason=f"按《整改工作落实总台账》分解下达{DEMO_MARK}",
            )

    # 认领: each lead unit's liaison claims within a few days.
    for task in tasks:
        task.refresh_from_db()
        with on(FEEDBACK + datetime.timedelta(days=4 + rng.randrange(4)), 9 + rng.randrange(8)):
            task.claim(liaisons[task.lead_unit_id])

    # 一周一报: every Friday each lead unit reports; the office reviews on Monday and
    # sends about one in eight back, which the unit revises the next day.
    staged_on, long_term_on, closed_on = {}, {}, {}
    for task in tasks:
        target = targets[task.finding.label]
        if target == Status.STAGED:
            staged_on[task.pk] = datetime.date(2018, 9, 7) + datetime.timedelta(
                days=7 * rng.randrange(8)
            )
        elif target == Status.LONG_TERM:
            long_term_on[task.pk] = datetime.date(2018, 10, 12) + datetime.timedelta(
                days=7 * rng.randrange(5)
            )
        elif target == Status.COMPLETED:
            closed_on[task.pk] = datetime.date(2018, 8, 31) + datetime.timedelta(
                days=7 * rng.randrange(9)
            )

    # Reports start the first Friday after every unit has claimed (by 31 July).
    for week, friday in enumerate(_fridays(FEEDBACK + datetime.timedelta(days=8), REPORT_DATE)):
        for task in tasks:
            task.refresh_from_db()
            if task.status in (Status.COMPLETED, Status.CLOSURE_REQUESTED):
                continue
            liaison = liaisons[task.lead_unit_id]
            with on(friday, 15, rng.randrange(60)):
                report = ProgressReport.file(
                    liaison,
                    task,
                    Period.WEEK,
                    friday,
                    _report_text(task, actions[task.pk], week, rng),
                )
            monday = friday + datetime.timedelta(days=3)
            if monday > REPORT_DATE:
                continue
            if rng.random() < 0.12:
                with on(monday, 10):
                    report.return_for_revision(office, f"请补充量化数据和佐证材料{DEMO_MARK}")
                with on(monday + datetime.timedelta(days=1), 11):
                    report.refresh_from_db()
                    report.revise(
                        liaison,
                        report.text.replace(DEMO_MARK, f"已补充有关数据。{DEMO_MARK}"),
                        report.version,
                    )
                with on(monday + datetime.timedelta(days=2), 10):
                    report.refresh_from_db()
                    report.accept(office)
            else:
                with on(monday, 10):
                    report.accept(office)
            _advance(task, friday, liaison, office, leader, staged_on, long_term_on, closed_on)


def _advance(task, friday, liaison, office, leader, staged_on, long_term_on, closed_on):
    if friday not in (staged_on.get(task.pk), long_term_on.get(task.pk), closed_on.get(task.pk)):
        return
    task.refresh_from_db()
    if staged_on.get(task.pk) == friday and task.status == Status.IN_PROGRESS:
        with on(friday, 17):
            task.report_staged(liaison, f"阶段性目标已完成,转入常态化推进{DEMO_MARK}")
    elif long_term_on.get(task.pk) == friday:
        with on(friday + datetime.timedelta(days=4), 16):
            task.mark_long_term(office, f"已落实具体举措并取得明显成效,长期推进{DEMO_MARK}")
    elif closed_on.get(task.pk) == friday:
        with on(friday, 17):
            evidence = SimpleUploadedFile(
                "整改佐证材料.txt",
                f"{task.finding.label}整改佐证材料{DEMO_MARK}\n".encode(),
                content_type="text/plain",
            )
            Evidence.attach(liaison, task, evidence)
            task.refresh_from_db()
            task.request_closure(liaison, f"问题已整改到位,相关制度已建立{DEMO_MARK}")
        with on(friday + datetime.timedelta(days=3), 15):
            task.refresh_from_db()
            task.office_accept(office, f"经核查,整改到位{DEMO_MARK}")
        with on(friday + datetime.timedelta(days=5), 16):
            task.refresh_from_db()
            task.approve(leader, f"同意销号{DEMO_MARK}")


def publish(campaign) -> None:
    """The district publishes its progress report on the report date, as the seed was."""
    from zhenggai.publication.models import PublicReport

    office = User.objects.get(username="office", is_demo=True)
    with on(REPORT_DATE, 10):
        report = PublicReport.create_draft(campaign, office)
        report.publish(office)
