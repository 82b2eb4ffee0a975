"""The organisation tree bounds more than pages: who is told, the audit log, who decides,
records of no unit and the messaging channels (zhenggai.access, one place).

The world (tests/access/conftest.py): the district (the default organisation) under a
city, beside a sibling district whose office keeps a ledger of its own.
"""

import datetime

import pytest
from django.urls import reverse

from tests.conftest import make_user
from zhenggai import access
from zhenggai.accounts.models import Role
from zhenggai.audit.models import AuditEntry
from zhenggai.feedback.models import Feedback
from zhenggai.inbox.delivery import notify
from zhenggai.inbox.models import Channel, Level, Notification, WebhookDelivery
from zhenggai.rhythm.models import DueReport, Kind, Schedule
from zhenggai.rhythm.planner import announce_reply, ensure_due_reports, plan_reminders
from zhenggai.tasks.workflow import MoveNotAllowed

D = datetime.date
BEIJING = datetime.timezone(datetime.timedelta(hours=8))


def told(user):
    return Notification.objects.filter(user=user)


@pytest.mark.django_db(transaction=True)
def test_a_sibling_office_hears_nothing_of_this_districts_moves(world):
    office, sibling = world.people["office"], world.people["sibling_office"]
    # A closure request: the district's office reviews it.
    world.t1.request_closure(world.people["lead_liaison"], "已完成整改")
    assert told(office).filter(subject_kind="closure").exists()
    # Red lights: the item is overdue, the 督办单 unanswered, the district's own daily
    # report (no unit) missing.
    Schedule.objects.create(
        campaign=world.campaign,
        kind=Kind.DAILY,
        due_time=datetime.time(17),
        starts_on=D(2030, 11, 4),
    )
    now = datetime.datetime(2030, 11, 5, 9, tzinfo=BEIJING)
    ensure_due_reports(now)
    plan_reminders(now)
    assert told(office).filter(subject_kind="task", level=Level.RED).exists()
    assert told(office).filter(subject_kind="notice", level=Level.RED).exists()
    assert told(office).filter(subject_kind="due_report", level=Level.RED).exists()
    # The unit replies to the 督办单: the issuer and the district's office hear of it.
    announce_reply(world.notice)
    assert told(office).filter(subject_kind="notice_reply").exists()

    assert not told(sibling).exists()


@pytest.mark.django_db(transaction=True)
def test_the_sibling_office_is_told_of_its_own_ledgers_reports(world):
    from tests.world import make_campaign
    from zhenggai.inspections.models import Campaign

    theirs = make_campaign("海珠区巡视整改")
    Campaign.objects.filter(pk=theirs.pk).update(owner=world.sibling)
    Schedule.objects.create(
        campaign=theirs, kind=Kind.DAILY, due_time=datetime.time(17), starts_on=D(2030, 11, 4)
    )
    now = datetime.datetime(2030, 11, 5, 9, tzinfo=BEIJING)
    ensure_due_reports(now)
    plan_reminders(now)
    due = DueReport.objects.get(schedule__campaign=theirs, period_start=D(2030, 11, 4))
    assert told(world.people["sibling_office"]).filter(object_id=due.pk).exists()
    assert not told(world.people["office"]).filter(subject_kind="due_report").exists()


@pytest.mark.django_db
def test_the_audit_log_reads_only_the_readers_subtree(client, world):
    assert AuditEntry.objects.filter(task=world.t1).exists()

    def shown(role):
        client.force_login(world.people[role])
        response = client.get(reverse("audit"))
        assert response.status_code == 200
        ids = {row["entry"].pk if isinstance(row, dict) else row.pk for row in _rows(response)}
        actors = {value for value, _label in response.context["form"].fields["actor"].choices}
        return ids, actors

    office_ids, office_actors = shown("office")
    city_ids, _ = shown("city_office")
    sibling_ids, sibling_actors = shown("sibling_office")
    about_t1 = set(AuditEntry.objects.filter(task=world.t1).values_list("pk", flat=True))
    assert about_t1 <= office_ids
    assert about_t1 <= city_ids  # the level above reads
    assert not sibling_ids & office_ids  # the sibling reads nothing of the district
    assert world.people["office"].pk in office_actors
    assert world.people["office"].pk not in sibling_actors


def _rows(response):
    return list(response.context["page"].object_list)


@pytest.mark.django_db
def test_an_upper_office_reads_and_never_decides(world):
    upper = make_user("city-zgb", Role.OFFICE, organisation=world.city)
    for decider in (upper, world.people["sibling_office"]):
        with pytest.raises(MoveNotAllowed):
            world.extension.approve(decider, "")
        with pytest.raises(MoveNotAllowed):
            world.report.accept(decider, "")
        with pytest.raises(MoveNotAllowed):
            world.feedback.assign_to_unit(decider, world.lead, world.feedback.version)
    # The upper office reads the item it may not decide on.
    assert access.tasks(upper).filter(pk=world.t1.pk).exists()
    world.extension.approve(world.people["office"], "")
    world.report.accept(world.people["office"], "")


@pytest.mark.django_db
def test_records_of_no_unit_are_read_within_their_campaigns_subtree(client, world):
    loose = Feedback.objects.create(campaign=world.campaign, message="小区路灯不亮")
    Schedule.objects.create(
        campaign=world.campaign,
        kind=Kind.DAILY,
        due_time=datetime.time(17),
        starts_on=D(2030, 11, 4),
    )
    ensure_due_reports(datetime.datetime(2030, 11, 5, 9, tzinfo=BEIJING))
    own = DueReport.objects.get(unit__isnull=True, period_start=D(2030, 11, 4))
    for role in ("office", "leader", "city_office", "superuser"):
        user = world.people[role]
        assert loose in Feedback.objects.visible_to(user), role
        assert own in DueReport.objects.visible_to(user), role
    sibling = world.people["sibling_office"]
    assert loose not in Feedback.objects.visible_to(sibling)
    assert own not in DueReport.objects.visible_to(sibling)
    client.force_login(sibling)
    assert client.get(reverse("feedback_detail", args=[loose.pk])).status_code == 404
    overview = client.get(reverse("rhythm:overview"))
    assert overview.status_code == 200
    assert own not in list(overview.context["page"].object_list)
    assert not list(overview.context["schedules"])


@pytest.mark.django_db
def test_the_office_manages_only_its_own_organisations_channels(client, world):
    office, sibling = world.people["office"], world.people["sibling_office"]
    ours = Channel.objects.create(name="区整改办群", kind="generic", url="https://a.example/1")
    unit_group = Channel.objects.create(
        name="住建局群", kind="generic", url="https://a.example/2", unit=world.lead
    )
    theirs = Channel.objects.create(
        name="海珠区整改办群", kind="generic", url="https://a.example/3", organisation=world.sibling
    )
    assert ours.organisation_id == world.district.pk
    # A unit's channel is its unit's organisation's, read from the unit (no stored copy).
    assert unit_group.owner_organisation_id == world.district.pk

    client.force_login(sibling)
    page = client.get(reverse("inbox:channels")).content.decode()
    assert "海珠区整改办群" in page and "区整改办群\n" not in page and "住建局群" not in page
    for channel in (ours, unit_group):
        url = reverse("inbox:channel_edit", args=[channel.pk])
        assert client.get(url).status_code == 404
    # The sibling's unit list offers only its own units.
    form = client.get(reverse("inbox:channel_new")).context["form"]
    assert set(form.fields["unit"].queryset) == {world.sibling_unit}

    # A message to the district's office reaches the district's office group only.
    notify([office], "task", world.t1.pk, D(2030, 11, 5), Level.RED, "【红灯】")
    heard = set(WebhookDelivery.objects.values_list("channel_id", flat=True))
    assert ours.pk in heard and theirs.pk not in heard
    client.force_login(office)
    assert client.get(reverse("inbox:channel_edit", args=[theirs.pk])).status_code == 404
