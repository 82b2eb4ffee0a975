"""What waits for someone on the report date (2018-11-27), after the demo's replay.

The replay (demo_story.py) ends where the published report ends, 13/31/19. A working
office on that day still has work open in every module, and the demo should show it:
the public report was published in the morning; in the afternoon a few units asked to
close items that the report still counts among the 31 with staged results (one of them
already reviewed and waiting for the leading group, one returned with a reason), one
asked for more time; the weekly and monthly reporting schedules have reports due and a
few missing; briefings 第1期…第N期 were issued and last week's is a draft; the seed's
meetings and accountability actions are on record; a 督办单 waits for its answer and
another is overdue; public feedback waits to be triaged; and a unit the office added
that day still lacks a liaison's account.

Everything is written through the same model methods as the pages, on the clock frozen
at the moment it happens (zhenggai.lib.clock), and every text says it is demo data.
"""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from zhenggai.accounts.models import User
from zhenggai.audit.models import record, snapshot
from zhenggai.demo_story import DEMO_MARK, REPORT_DATE, on
from zhenggai.lib import clock
from zhenggai.reporting.models import Evidence, Period, ProgressReport
from zhenggai.tasks.models import REPORTABLE_STATUSES, Status, Task
from zhenggai.units.models import Unit

# The unit the office registered on the report day; its liaison's account is still to
# be made (the system administrator's to-do).
NEW_UNIT = "区党群服务中心"


def leave_open_work(campaign) -> None:
    office = User.objects.get(username="office", is_demo=True)
    discipline = User.objects.get(username="discipline", is_demo=True)
    staged = list(
        Task.objects.filter(finding__campaign=campaign, status=Status.STAGED)
        .select_related("finding", "lead_unit__liaison")
        .order_by("finding__position")
    )
    _meetings(campaign, office)
    _accountability(campaign, discipline)
    _briefings(campaign, office)
    _schedules(campaign, office)
    _closures(staged, office)
    _notices(campaign, office)
    _feedback(campaign, office)
    _upward_report(office)
    with on(REPORT_DATE, 17, 30):
        # As the office's unit page makes it (not audited there either).
        Unit.objects.get_or_create(
            name=NEW_UNIT, defaults={"kind": Unit.Kind.PARTY, "position": 999}
        )


# --- the ledger: closure requests, a return, an extension -------------------------------


def _closures(staged, office):
    """Of the 31 staged items, the first five with a liaison move on after the report."""
    movers = [t for t in staged if t.lead_unit and t.lead_unit.liaison_id][:5]
    waiting_review, waiting_leader, returned, extension = (
        movers[:2],
        movers[2],
        movers[3],
        movers[4],
    )
    for minute, task in enumerate([*waiting_review, waiting_leader, returned]):
        liaison = task.lead_unit.liaison
        with on(REPORT_DATE, 14, 10 * minute):
            Evidence.attach(
                liaison,
                task,
                SimpleUploadedFile(
                    "整改佐证材料.txt",
                    f"{task.finding.label}整改佐证材料{DEMO_MARK}\n".encode(),
                    content_type="text/plain",
                ),
            )
            task.refresh_from_db()
            task.request_closure(liaison, f"整改措施已全部落实,申请销号{DEMO_MARK}")
    with on(REPORT_DATE, 15, 30):
        waiting_leader.refresh_from_db()
        waiting_leader.office_accept(office, f"经核查,整改到位,报领导小组审批{DEMO_MARK}")
    with on(REPORT_DATE, 15, 45):
        returned.refresh_from_db()
        returned.office_return(
            office, f"佐证材料只有工作方案,缺少落实情况和量化数据,请补充后再申请{DEMO_MARK}"
        )
    with on(REPORT_DATE, 16, 20):
        extension.refresh_from_db()
        extension.request_extension(
            extension.lead_unit.liaison,
            datetime.date(2019, 3, 31),
            f"涉及跨部门协调,年底前难以全部完成,申请延期至2019年3月底{DEMO_MARK}",
        )


# --- the rhythm: schedules, due and missing reports; 督办单 ------------------------------


def _schedules(campaign, office):
    from zhenggai.rhythm.models import DueReport, Kind, Schedule
    from zhenggai.rhythm.planner import ensure_due_reports, sync_fulfilment

    # The office made reporting routine (一周一报, 一月一小结) from the week of 19
    # November: the week's report by Friday 17:00, the month's by the 25th.
    with on(datetime.date(2018, 11, 16), 9):
        for kind, extra in ((Kind.WEEKLY, {"weekday": 4}), (Kind.MONTHLY, {"day_of_month": 25})):
            # As the rhythm page's form saves it.
            Schedule.objects.create(
                campaign=campaign, kind=kind, starts_on=datetime.date(2018, 11, 19), **extra
            )
    with on(REPORT_DATE, 8):
        ensure_due_reports(clock.now())
        sync_fulfilment()  # the lead units' weekly reports of the replay
        past = DueReport.objects.open().filter(
            schedule__campaign=campaign, unit__isnull=False, due_at__lt=clock.now()
        )
        _file_unit_reports(campaign, past.select_related("schedule", "unit__liaison"))
        sync_fulfilment()
    # The office reviewed them on the report day, all but the last three.
    with on(REPORT_DATE, 9):
        filed = list(
            ProgressReport.objects.filter(
                task__finding__campaign=campaign, status=ProgressReport.Status.SUBMITTED
            ).order_by("created_at", "pk")
        )
        for report in filed[:-3]:
            report.accept(office)


def _file_unit_reports(campaign, dues):
    """The units whose reports fell due before the report day file them the day before
    the deadline — all but the last three, whose reports are missing."""
    from zhenggai.rhythm.models import Kind

    dues = sorted(dues, key=lambda d: (d.unit.position, d.period_start))
    units = sorted({d.unit for d in dues}, key=lambda u: u.position)
    missing = {u.pk for u in units[-3:]}
    for due in dues:
        unit = due.unit
        if unit.pk in missing or unit.liaison is None:
            continue
        reportable = Task.objects.filter(
            finding__campaign=campaign, status__in=REPORTABLE_STATUSES
        ).order_by("finding__position")
        task = reportable.filter(lead_unit=unit).first() or reportable.filter(units=unit).first()
        if task is None:
            continue
        period = Period.WEEK if due.schedule.kind == Kind.WEEKLY else Period.MONTH
        day = timezone.localtime(due.due_at).date() - datetime.timedelta(days=1)
        with on(day, 11, unit.position % 60):
            ProgressReport.file(
                unit.liaison,
                task,
                period,
                day,
                f"本单位按分工推进“{task.finding.label}”整改,有关任务正在落实。{DEMO_MARK}",
            )


def _notices(campaign, office):
    from zhenggai.rhythm.models import SupervisionNotice

    tasks = list(
        Task.objects.filter(finding__campaign=campaign, status=Status.STAGED)
        .exclude(lead_unit__isnull=True)
        .select_related("lead_unit", "finding")
        .order_by("-finding__position")[:2]
    )
    overdue, waiting = tasks
    with on(datetime.date(2018, 11, 16), 10):
        SupervisionNotice.issue(
            office,
            overdue.lead_unit,
            f"{overdue.finding.label}整改进度滞后,请于11月23日前书面报告整改进展和下一步措施。"
            f"{DEMO_MARK}",
            datetime.date(2018, 11, 23),
            task=overdue,
        )
    with on(REPORT_DATE, 11):
        SupervisionNotice.issue(
            office,
            waiting.lead_unit,
            f"{waiting.finding.label}量化成效不够清晰,请于11月30日前补报有关数据。{DEMO_MARK}",
            datetime.date(2018, 11, 30),
            task=waiting,
        )


def _upward_report(office):
    """ "每日向市整改办汇报最新进度": the day's report, in the city office's 待办."""
    from zhenggai.organisations.models import UpwardReport

    if office.organisation.parent_id is None:
        return
    with on(REPORT_DATE, 17):
        UpwardReport.submit(
            office,
            Period.DAY,
            REPORT_DATE,
            f"今日全区整改工作正常推进:公开整改进展情况,2个事项申请销号,签发督办单1份。{DEMO_MARK}",
        )


# --- public feedback --------------------------------------------------------------------


FEEDBACK_MESSAGES = [
    ("web", "芳村大道附近河涌仍有异味,希望加快整治进度。"),
    ("phone", "反映某社区党支部“三会一课”记录仍不规范。"),
    ("web", "建议公布临聘人员清理的具体进展。"),
    ("email", "希望公开违建治理的具体地点和面积。"),
]


def _feedback(campaign, office):
    from zhenggai.feedback.models import Channel, Feedback

    made = []
    for n, (channel, message) in enumerate(FEEDBACK_MESSAGES):
        with on(REPORT_DATE - datetime.timedelta(days=3 - n), 9 + n):
            feedback = Feedback.objects.create(
                campaign=campaign,
                channel=channel,
                message=f"{message}{DEMO_MARK}",
                logged_by=None if channel == Channel.WEB else office,
            )
            facts = {"channel": channel, "item": None}
            if channel == Channel.WEB:  # sent through the public form: nobody signed in
                record(None, "feedback_receive", feedback, {}, facts)
            else:  # taken by the office on the phone or from the mail
                record(office, "feedback_log", feedback, {}, facts)
            made.append(feedback)
    # The first one the office has passed to the river office to answer.
    river = Unit.objects.filter(name="区河长办").first()
    if river is not None:
        with on(REPORT_DATE - datetime.timedelta(days=2), 15):
            made[0].assign_to_unit(office, river)


# --- briefings, meetings, accountability ------------------------------------------------


def _briefings(campaign, office):
    """整改简报 第1期…: the office has compiled one a week since the 推进会 (28 September)
    asked for it, from the week of 15 October, each issued the Tuesday after; last week's
    is still a draft. October's stage report (月度阶段性工作进展) was issued on 2 November.

    (Fewer than a whole campaign's worth: every issued briefing renders its PDF and Word
    files, a second or two each, and the demo should start quickly.)"""
    from zhenggai.briefings.models import Briefing

    monday = datetime.date(2018, 10, 15)
    while monday + datetime.timedelta(days=6) < REPORT_DATE:
        end = monday + datetime.timedelta(days=6)
        with on(end + datetime.timedelta(days=1), 16):
            briefing = Briefing.create_draft(campaign, Briefing.Kind.WEEKLY, monday, end, office)
        if end + datetime.timedelta(days=7) < REPORT_DATE:
            with on(end + datetime.timedelta(days=2), 10):
                briefing.issue(office)
        monday += datetime.timedelta(days=7)
    start, end = datetime.date(2018, 10, 1), datetime.date(2018, 10, 31)
    with on(datetime.date(2018, 11, 1), 15):
        briefing = Briefing.create_draft(campaign, Briefing.Kind.MONTHLY, start, end, office)
    with on(datetime.date(2018, 11, 2), 10):
        briefing.issue(office)


# The seed: "区委先后召开4次常委会会议……领导小组召开1个动员会、1个推进会和3个专题会议……
# 区整改办召开6次工作例会".
MEETINGS = [
    ("standing", "区委常委会会议:传达巡视反馈意见", datetime.date(2018, 7, 25)),
    ("standing", "区委常委会会议:审议整改工作方案", datetime.date(2018, 8, 2)),
    ("mobilisation", "巡视整改工作动员会", datetime.date(2018, 8, 3)),
    ("routine", "整改办第1次工作例会", datetime.date(2018, 8, 10)),
    ("topic", "领导小组专题会议:黑臭河涌整治", datetime.date(2018, 8, 24)),
    ("routine", "整改办第2次工作例会", datetime.date(2018, 8, 31)),
    ("standing", "区委常委会会议:听取整改进展", datetime.date(2018, 9, 14)),
    ("routine", "整改办第3次工作例会", datetime.date(2018, 9, 21)),
    ("progress", "巡视整改工作推进会", datetime.date(2018, 9, 28)),
    ("topic", "领导小组专题会议:扫黑除恶“保护伞”线索", datetime.date(2018, 10, 12)),
    ("routine", "整改办第4次工作例会", datetime.date(2018, 10, 19)),
    ("topic", "领导小组专题会议:临聘人员管理", datetime.date(2018, 10, 26)),
    ("routine", "整改办第5次工作例会", datetime.date(2018, 11, 9)),
    ("standing", "区委常委会会议:审议整改进展情况报告", datetime.date(2018, 11, 20)),
    ("routine", "整改办第6次工作例会", datetime.date(2018, 11, 23)),
]


def _meetings(campaign, office):
    from zhenggai.meetings.models import Meeting

    for kind, title, day in MEETINGS:
        with on(day, 17):
            meeting = Meeting.objects.create(
                campaign=campaign,
                kind=kind,
                title=f"{title}{DEMO_MARK}",
                date=day,
                chair="区委书记" if kind != "routine" else "区整改办主任",
                decisions=f"研究部署巡视整改有关工作{DEMO_MARK}",
                created_by=office,
            )
            record(office, "meeting_create", meeting, {}, snapshot(meeting, Meeting.AUDIT_FIELDS))


# The seed's item (6): "区纪委根据问题线索,追究责任110人;此外,区河长办约谈了5名正处级干部,
# 对2名科级干部、4名工作人员进行诫勉谈话".
ACCOUNTABILITY = [
    ("zhuijiu", "other", 110, "区纪委监委", datetime.date(2018, 9, 30)),
    ("yuetan", "zhengchu", 5, "区河长办", datetime.date(2018, 10, 15)),
    ("jiemian", "ke", 2, "区河长办", datetime.date(2018, 10, 22)),
    ("jiemian", "staff", 4, "区河长办", datetime.date(2018, 10, 22)),
]


def _accountability(campaign, discipline):
    from zhenggai.accountability.models import Record

    item = (
        Task.objects.filter(finding__campaign=campaign, finding__label="(6)")
        .select_related("finding")
        .first()
    )
    for form, rank, persons, decided_by, day in ACCOUNTABILITY:
        with on(day, 16):
            entry = Record.objects.create(
                campaign=campaign,
                form=form,
                rank=rank,
                persons=persons,
                date=day,
                decided_by=decided_by,
                item=item,
                finding=item.finding if item else None,
                note=DEMO_MARK,
                recorded_by=discipline,
            )
            record(
                discipline,
                "accountability_create",
                entry,
                {},
                snapshot(entry, Record.AUDIT_FIELDS),
            )
