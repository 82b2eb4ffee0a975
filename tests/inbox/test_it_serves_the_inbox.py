import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import make_user
from zhenggai.accounts.models import Role
from zhenggai.inbox.delivery import notify
from zhenggai.inbox.models import Level, Notification


def tell(user, n=1, start=0):
    for i in range(start, start + n):
        notify(
            [user],
            "task",
            i,
            datetime.date(2018, 8, 22),
            Level.RED,
            f"【红灯】事项{i}逾期",
            "正文",
            "/ledger/",
        )


def test_the_inbox_lists_my_messages_and_the_nav_counts_unread(db, client):
    alice = make_user("alice", Role.LIAISON)
    bob = make_user("bob", Role.LIAISON)
    tell(alice, 3)
    tell(bob, 1, start=100)
    client.force_login(alice)
    body = client.get(reverse("inbox:list")).content.decode()
    assert body.count("【红灯】事项") == 3 and "事项100" not in body
    assert '<span class="badge unread" aria-label="3 条未读">3</span>' in body


def test_mark_read_and_mark_all_read(db, client):
    alice = make_user("alice", Role.LIAISON)
    tell(alice, 3)
    first = Notification.objects.filter(user=alice).first()
    client.force_login(alice)
    response = client.post(reverse("inbox:read", args=[first.pk]))
    assert response.status_code == 302
    assert Notification.objects.filter(user=alice).unread().count() == 2
    body = client.get(reverse("inbox:list") + "?unread=1").content.decode()
    assert body.count("【红灯】事项") == 2
    client.post(reverse("inbox:read_all"))
    assert Notification.objects.filter(user=alice).unread().count() == 0
    assert 'class="badge unread"' not in client.get(reverse("inbox:list")).content.decode()


def test_nobody_reads_or_marks_someone_elses_messages(db, client):
    alice = make_user("alice", Role.LIAISON)
    mallory = make_user("mallory", Role.OFFICE)
    tell(alice, 1)
    note = Notification.objects.get()
    client.force_login(mallory)
    assert client.post(reverse("inbox:read", args=[note.pk])).status_code == 404
    assert "【红灯】" not in client.get(reverse("inbox:list")).content.decode()
    note.refresh_from_db()
    assert note.read_at is None
    client.post(reverse("inbox:read_all"))
    note.refresh_from_db()
    assert note.read_at is None


def test_anonymous_is_sent_to_login_and_get_is_refused(db, client):
    alice = make_user("alice", Role.LIAISON)
    tell(alice, 1)
    note = Notification.objects.get()
    assert client.get(reverse("inbox:list")).status_code == 302
    assert client.post(reverse("inbox:read", args=[note.pk])).status_code == 302
    client.force_login(alice)
    assert client.get(reverse("inbox:read", args=[note.pk])).status_code == 405


def test_a_safe_next_only(db, client):
    alice = make_user("alice", Role.LIAISON)
    tell(alice, 2)
    a, b = Notification.objects.all()
    client.force_login(alice)
    assert client.post(reverse("inbox:read", args=[a.pk]), {"next": "/ledger/"}).url == "/ledger/"
    assert client.post(
        reverse("inbox:read", args=[b.pk]), {"next": "https://evil.example/"}
    ).url == reverse("inbox:list")


def test_the_inbox_takes_a_fixed_number_of_queries(db, client):
    alice = make_user("alice", Role.LIAISON)
    tell(alice, 2)
    client.force_login(alice)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("inbox:list"))
    tell(alice, 60, start=10)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("inbox:list"))
    assert len(many) == len(few)
