import datetime

from django.core.management import call_command

from tests.rhythm.conftest import at
from zhenggai.inbox.models import Notification
from zhenggai.rhythm.lights import item_lights
from zhenggai.rhythm.models import DueReport, Kind, Schedule
from zhenggai.rhythm.planner import ensure_due_reports

D = datetime.date


def test_item_lights(world, settings, django_assert_num_queries):
    settings.RHYTHM_YELLOW_DAYS = 3
    tasks = [world.task_a, world.task_b]
    # task_a is due 22 Aug; task_b is long-term.
    with django_assert_num_queries(1):
        assert item_lights(tasks, at(D(2018, 8, 1), 9)) == {
            world.task_a.pk: "green",
            world.task_b.pk: "green",
        }
    assert item_lights(tasks, at(D(2018, 8, 19), 9))[world.task_a.pk] == "yellow"
    assert item_lights(tasks, at(D(2018, 8, 23), 9))[world.task_a.pk] == "red"
    # B's weekly report for the week of 6 Aug was due Friday and is missing: yellow.
    Schedule.objects.create(
        campaign=world.campaign, kind=Kind.WEEKLY, weekday=4, starts_on=D(2018, 8, 6)
    )
    ensure_due_reports(at(D(2018, 8, 6), 9))
    assert item_lights(tasks, at(D(2018, 8, 11), 9))[world.task_b.pk] == "yellow"
    DueReport.objects.filter(unit=world.b).update(fulfilled_at=at(D(2018, 8, 10), 9))
    assert item_lights(tasks, at(D(2018, 8, 11), 9))[world.task_b.pk] == "green"


def test_the_worker_command_runs_a_round(world, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    from django.core import mail

    Schedule.objects.create(
        campaign=world.campaign, kind=Kind.WEEKLY, weekday=4, starts_on=D(2018, 7, 30)
    )
    import time_machine

    with time_machine.travel(at(D(2018, 7, 30), 9), tick=False):
        call_command("worker", "--once", verbosity=0)
        call_command("worker", "--once", verbosity=0)
    assert DueReport.objects.count() == 2
    assert sorted(Notification.objects.values_list("user__username", flat=True)) == [
        "liaison_a",
        "liaison_b",
    ]
    assert sorted(m.to[0] for m in mail.outbox) == [
        "liaison_a@example.org",
        "liaison_b@example.org",
    ]
