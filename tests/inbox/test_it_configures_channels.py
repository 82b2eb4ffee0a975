"""/inbox/channels/: the office, and only the office, adds and changes the channels; bad
addresses are refused with a reason; credentials are never shown back in full nor written
to the audit trail; every change is audited."""

import re

import pytest
from django.urls import reverse

from tests.conftest import make_unit, make_user
from zhenggai.accounts.models import Role
from zhenggai.audit.models import AuditEntry
from zhenggai.inbox.models import Channel, MandatoryKind, WebhookDelivery

KEY = "693a91f6-7aaa-4bc4-97a0-0ec2sifa5aaa"
WECOM = f"https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key={KEY}"
SECRET = "SECd1e2a3b4c5d6e7f8091a2b3c4d5e6f7a8b9c0"


@pytest.fixture
def office(db):
    return make_user("office", Role.OFFICE)


def form(**kw):
    data = {"name": "公安分局工作群", "unit": "", "kind": "wecom", "url": WECOM, "is_active": "on"}
    data.update(kw)
    return data


def test_only_the_office_opens_or_changes_the_channels(db, client, office):
    gafj = make_unit("区公安分局")
    channel = Channel.objects.create(name="群", kind="wecom", url=WECOM)
    failed = WebhookDelivery.objects.create(
        channel=channel,
        subject_kind="task",
        object_id=1,
        period="2030-01-01",
        level="red",
        title="t",
        status="failed",
    )
    people = [
        make_user("ll", Role.LIAISON, gafj),
        make_user("leader", Role.LEADER),
        make_user("discipline", Role.DISCIPLINE),
        make_user("sysadmin", Role.ADMIN),
        make_user("root", Role.MEMBER, is_superuser=True, is_staff=True),
    ]
    posts = {
        reverse("inbox:channel_new"): form(),
        reverse("inbox:channel_edit", args=[channel.pk]): form(name="改名"),
        reverse("inbox:mandatory"): {"kinds": ["task"]},
        reverse("inbox:delivery_retry", args=[failed.pk]): {},
    }
    for user in people:
        client.force_login(user)
        assert client.get(reverse("inbox:channels")).status_code == 403, user
        assert client.get(reverse("inbox:channel_new")).status_code == 403, user
        for url, data in posts.items():
            assert client.post(url, data).status_code == 403, (user, url)
    client.logout()
    assert client.get(reverse("inbox:channels")).status_code == 302
    # Nothing was written by any refusal.
    assert Channel.objects.get().name == "群" and Channel.objects.count() == 1
    assert not MandatoryKind.objects.exists()
    assert WebhookDelivery.objects.get().status == "failed"
    assert not AuditEntry.objects.exists()

    client.force_login(office)
    assert client.get(reverse("inbox:channels")).status_code == 200
    # A liaison's inbox has no link to the channels page; the office's has.
    assert reverse("inbox:channels") in client.get(reverse("inbox:list")).content.decode()
    client.force_login(people[0])
    assert reverse("inbox:channels") not in client.get(reverse("inbox:list")).content.decode()


def test_the_office_adds_a_channel_and_the_key_is_never_shown(db, client, office):
    gafj = make_unit("区公安分局")
    client.force_login(office)
    response = client.post(reverse("inbox:channel_new"), form(unit=gafj.pk))
    assert response.status_code == 302
    channel = Channel.objects.get()
    assert (channel.unit, channel.kind, channel.url, channel.secret) == (gafj, "wecom", WECOM, "")

    page = client.get(reverse("inbox:channels")).content.decode()
    assert "公安分局工作群" in page and "区公安分局" in page
    assert KEY not in page and "key=…5aaa" in page
    edit = client.get(reverse("inbox:channel_edit", args=[channel.pk])).content.decode()
    assert KEY not in edit

    entry = AuditEntry.objects.get(action="channel_create")
    assert entry.actor == office and entry.object_id == channel.pk
    assert entry.after["url"].endswith("key=…5aaa") and entry.after["unit"] == "区公安分局"
    assert KEY not in str(entry.after) + str(entry.before) + entry.note


def test_a_dingtalk_secret_is_kept_masked_changed_and_removed(db, client, office):
    client.force_login(office)
    dingtalk = "https://oapi.dingtalk.com/robot/send?access_token=abcdef0123456789"
    client.post(
        reverse("inbox:channel_new"),
        form(name="整改办钉钉群", kind="dingtalk", url=dingtalk, secret=SECRET),
    )
    channel = Channel.objects.get()
    assert channel.secret == SECRET
    edit_url = reverse("inbox:channel_edit", args=[channel.pk])
    for page in (client.get(reverse("inbox:channels")), client.get(edit_url)):
        text = page.content.decode()
        assert SECRET not in text and "abcdef0123456789" not in text
        assert "…b9c0" in text

    # Left empty, the address and the secret stay as they are.
    assert client.post(edit_url, form(name="整改办群", kind="dingtalk", url="")).status_code == 302
    channel.refresh_from_db()
    assert (channel.name, channel.url, channel.secret) == ("整改办群", dingtalk, SECRET)
    update = AuditEntry.objects.get(action="channel_update")
    assert update.before["name"] == "整改办钉钉群" and update.after["name"] == "整改办群"

    # A new secret replaces it; the trail says it changed, never what it is.
    client.post(edit_url, form(name="整改办群", kind="dingtalk", url="", secret="SECnew0000000001"))
    channel.refresh_from_db()
    assert channel.secret == "SECnew0000000001"
    changed = AuditEntry.objects.filter(action="channel_update").latest("id")
    assert changed.note == "credentials changed"
    assert "SECnew0000000001" not in str(changed.after) and SECRET not in str(changed.before)

    client.post(edit_url, form(name="整改办群", kind="dingtalk", url="", clear_secret="on"))
    channel.refresh_from_db()
    assert channel.secret == ""
    # Switched off: kept, not deleted.
    client.post(edit_url, form(name="整改办群", kind="dingtalk", url="", is_active=""))
    channel.refresh_from_db()
    assert channel.is_active is False
    assert AuditEntry.objects.filter(action="channel_update").count() == 4


@pytest.mark.parametrize(
    "url, reason",
    [
        ("", "请填写 Webhook 地址"),
        ("file:///etc/passwd", "只能以 https://"),
        ("javascript:alert(1)", "只能以 https://"),
        ("ftp://10.0.0.1/hook", "只能以 https://"),
        ("http://hooks.example.com/zhenggai", "互联网地址必须使用 https://"),
        ("https://user:pw@hooks.example.com/x", "不能包含用户名或密码"),
        ("https:///nohost", "缺少主机名"),
        ("https://hooks.example.com/a b", "不能包含空格"),
        ("https://hooks.example.com:99999/x", "格式不正确"),
        ("https://qyapi.weixin.qq.com/cgi-bin/webhook/send", "缺少 key 参数"),
        ("https://hooks.example.com/" + "x" * 500, "过长"),
    ],
)
def test_bad_addresses_are_refused_with_a_reason(db, client, office, url, reason):
    client.force_login(office)
    response = client.post(reverse("inbox:channel_new"), form(url=url))
    assert response.status_code == 200
    assert reason in response.content.decode()
    assert not Channel.objects.exists() and not AuditEntry.objects.exists()


def test_a_dingtalk_address_needs_its_token_and_a_kind_change_is_checked(db, client, office):
    client.force_login(office)
    response = client.post(
        reverse("inbox:channel_new"),
        form(kind="dingtalk", url="https://oapi.dingtalk.com/robot/send"),
    )
    assert "缺少 access_token 参数" in response.content.decode()
    # A generic webhook may post to any https address …
    bare = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send"
    client.post(reverse("inbox:channel_new"), form(kind="generic", url=bare))
    channel = Channel.objects.get()
    # … but made a WeCom robot, the kept address lacks its key: refused, nothing changed.
    response = client.post(
        reverse("inbox:channel_edit", args=[channel.pk]), form(kind="wecom", url="")
    )
    assert response.status_code == 200 and "缺少 key 参数" in response.content.decode()
    channel.refresh_from_db()
    assert channel.kind == "generic"


@pytest.mark.parametrize(
    "url",
    [
        "http://10.1.2.3:8080/hook",
        "http://192.168.0.10/hook",
        "http://127.0.0.1:9000/hook",
        "http://wecom-relay/cgi-bin/webhook/send?key=k",
        "http://relay.zhenggai.internal/hook",
        "https://hooks.example.com/zhenggai",
    ],
)
def test_intranet_http_and_any_https_are_accepted(db, client, office, url):
    client.force_login(office)
    response = client.post(reverse("inbox:channel_new"), form(kind="generic", url=url))
    assert response.status_code == 302
    assert Channel.objects.get().url == url


def test_bad_input_never_errors(db, client, office):
    client.force_login(office)
    assert client.post(reverse("inbox:channel_new"), {"kind": "fax"}).status_code == 200
    assert client.post(reverse("inbox:channel_new"), form(unit="999999")).status_code == 200
    assert client.get(reverse("inbox:channel_edit", args=[424242])).status_code == 404
    assert client.post(reverse("inbox:mandatory"), {"kinds": ["nonsense"]}).status_code == 302
    assert not MandatoryKind.objects.exists()
    assert not Channel.objects.exists()


def test_the_office_marks_kinds_mandatory_and_it_is_audited(db, client, office):
    client.force_login(office)
    client.post(reverse("inbox:mandatory"), {"kinds": ["task", "notice"]})
    assert set(MandatoryKind.objects.values_list("kind", flat=True)) == {"task", "notice"}
    client.post(reverse("inbox:mandatory"), {"kinds": ["notice", "closure"]})
    assert set(MandatoryKind.objects.values_list("kind", flat=True)) == {"notice", "closure"}
    actions = list(
        AuditEntry.objects.filter(actor=office).order_by("id").values_list("action", "object_type")
    )
    assert actions == [
        ("mandatory_kind_add", "mandatory_kind"),
        ("mandatory_kind_add", "mandatory_kind"),
        ("mandatory_kind_add", "mandatory_kind"),
        ("mandatory_kind_remove", "mandatory_kind"),
    ]
    page = client.get(reverse("inbox:channels")).content.decode()
    checked = set(re.findall(r'name="kinds" value="(\w+)"[^>]*checked', page))
    assert checked == {"notice", "closure"}


def test_the_channels_page_takes_a_fixed_number_of_queries(
    db, client, office, django_assert_max_num_queries
):
    client.force_login(office)
    for i in range(5):
        unit = make_unit(f"单位{i}")
        channel = Channel.objects.create(
            name=f"群{i}", unit=unit, kind="generic", url="https://h.example.com/x"
        )
        WebhookDelivery.objects.create(
            channel=channel,
            subject_kind="task",
            object_id=i,
            period="2030-01-01",
            level="red",
            title="t",
            status="failed",
        )
    with django_assert_max_num_queries(12):
        assert client.get(reverse("inbox:channels")).status_code == 200
