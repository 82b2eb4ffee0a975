"""One ledger with a record of every kind, and one account per role, for the access tests.

区住房建设局 (lead) leads item t1, which 区城管局 (shared) shares; 区教育局 (other) leads
t3. Feedback about t1 was handed to 区城管局, not to the lead unit. A 督办单 presses the
lead unit. Every other record belongs to the campaign.

The district (the default organisation, where every record lands) sits under a city,
beside a sibling district: the city's office (上级整改办) reads the district read-only,
presses it with 督办 and receives its daily report; the sibling district's office is an
office like the district's, of another ledger, and reads nothing of this one.
"""

import datetime
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.conftest import make_unit, make_user
from tests.world import make_campaign, make_finding, make_task
from zhenggai.accountability.models import Record
from zhenggai.accounts.models import Role
from zhenggai.api.models import ApiToken
from zhenggai.briefings.models import Briefing
from zhenggai.feedback.models import Feedback
from zhenggai.inbox.models import Level, Notification
from zhenggai.indicators.models import Indicator
from zhenggai.meetings.models import Document, DocumentVersion, Meeting, MeetingKind
from zhenggai.organisations.models import Organisation, UpwardReport, default_organisation
from zhenggai.publication.models import PublicReport
from zhenggai.reporting.models import Evidence, Period, ProgressReport
from zhenggai.rhythm.models import SupervisionNotice
from zhenggai.tasks.models import DeadlineExtension, Status, Timeframe

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

# Every kind of reader the rules distinguish.
ROLES = [
    "anonymous",
    "office",
    "leader",
    "discipline",
    "observer",
    "admin",
    "superuser",
    "lead_liaison",
    "shared_liaison",
    "other_liaison",
    "city_office",
    "sibling_office",
]


@pytest.fixture
def world(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    lead = make_unit("区住房建设局")
    shared = make_unit("区城管局")
    other = make_unit("区教育局")
    campaign = make_campaign()
    category = make_finding(campaign, "(一)", "对区委谋划发展能力不足问题的整改")
    problem = make_finding(campaign, "1.", "针对践行新发展理念不到位的问题", parent=category)
    f1 = make_finding(campaign, "(1)", "针对新中国大厦历史遗留问题推进不力的问题", problem)
    f3 = make_finding(campaign, "(3)", "针对党员管理不到位的问题", problem)
    leaf = make_finding(campaign, "(4)", "针对尚未建立任务的问题", problem)

    district = default_organisation()
    city = Organisation.create(None, "广州市", Organisation.Kind.CITY)
    district.move(None, city)
    sibling = Organisation.create(None, "海珠区", Organisation.Kind.DISTRICT, parent=city)
    sibling_unit = make_unit("海珠区住房建设局")
    sibling_unit.organisation = sibling
    sibling_unit.save()
    people = {
        "office": make_user("office", Role.OFFICE),
        "leader": make_user("leader", Role.LEADER),
        "discipline": make_user("discipline", Role.DISCIPLINE),
        "observer": make_user("observer", Role.OBSERVER),
        "admin": make_user("sysadmin", Role.ADMIN),
        "superuser": make_user("root", Role.MEMBER, is_superuser=True, is_staff=True),
        "lead_liaison": make_user("ll-lead", Role.LIAISON, lead),
        "shared_liaison": make_user("ll-shared", Role.LIAISON, shared),
        "other_liaison": make_user("ll-other", Role.LIAISON, other),
        "city_office": make_user("city-office", Role.OBSERVER, organisation=city),
        "sibling_office": make_user("hz-office", Role.OFFICE, organisation=sibling),
    }
    t1 = make_task(
        f1,
        lead,
        [shared],
        measure="推进大厦消防安全",
        deadline=datetime.date(2030, 10, 31),
        timeframe=Timeframe.DEADLINE,
        status=Status.IN_PROGRESS,
    )
    t3 = make_task(f3, other, status=Status.ASSIGNED, deadline=datetime.date(2030, 11, 22))
    report = ProgressReport.file(
        people["lead_liaison"], t1, Period.WEEK, datetime.date(2030, 10, 1), "本周进展"
    )
    evidence = Evidence.attach(
        people["lead_liaison"], t1, SimpleUploadedFile("通报.pdf", PDF, "application/pdf")
    )
    extension = DeadlineExtension.objects.create(
        task=t1,
        requested_by=people["lead_liaison"],
        previous_deadline=t1.deadline,
        new_deadline=datetime.date(2030, 12, 31),
        reason="工程量大",
    )
    feedback = Feedback.objects.create(
        campaign=campaign, message="大厦消防通道仍被占用", item=t1, unit=shared
    )
    today = datetime.date(2030, 10, 7)
    draft = Briefing.create_draft(campaign, Briefing.Kind.WEEKLY, today, today, people["office"])
    issued = Briefing.create_draft(campaign, Briefing.Kind.WEEKLY, today, today, people["office"])
    issued.issue(people["office"])
    public = PublicReport.create_draft(campaign, people["office"])
    public.publish(people["office"])
    public_draft = PublicReport.create_draft(campaign, people["office"])
    meeting = Meeting.objects.create(
        campaign=campaign, kind=MeetingKind.ROUTINE, title="整改办例会", date=today
    )
    document = Document.objects.create(campaign=campaign, kind="plan", title="整改工作方案")
    version = DocumentVersion.add(
        people["office"], document, SimpleUploadedFile("方案.pdf", PDF, "application/pdf")
    )
    accountability = Record.objects.create(campaign=campaign, form="other", persons=2)
    notice = SupervisionNotice.issue(
        people["office"], lead, "请加快推进", datetime.date(2030, 10, 20), task=t1
    )
    token, _key = ApiToken.issue(people["lead_liaison"], "手机")
    note = Notification.objects.create(
        user=people["lead_liaison"],
        subject_kind="task",
        object_id=t1.pk,
        period=today,
        level=Level.INFO,
        title="事项已下达",
    )
    indicator = Indicator.objects.create(name="整治黑臭水体", unit="处")
    upward = UpwardReport.submit(
        people["office"], "day", datetime.date(2030, 10, 7), "今日新增完成2项"
    )
    return SimpleNamespace(
        indicator=indicator,
        city=city,
        district=district,
        sibling=sibling,
        sibling_unit=sibling_unit,
        upward=upward,
        campaign=campaign,
        lead=lead,
        shared=shared,
        other=other,
        people=people,
        leaf=leaf,
        t1=t1,
        t3=t3,
        report=report,
        evidence=evidence,
        extension=extension,
        feedback=feedback,
        draft=draft,
        issued=issued,
        public=public,
        public_draft=public_draft,
        meeting=meeting,
        document=document,
        version=version,
        accountability=accountability,
        notice=notice,
        token=token,
        note=note,
        **people,
    )
