"""A week of one item, played in a real browser (Debian's chromium) by the people who do
it: the office 下达s; the lead unit's liaison finds it in 我的待办, claims it, reports with
evidence and asks for 销号; the office finds the request in its 待办 and sends it back with
a reason; the liaison reads the reason in 待办 and on top of the item, mends and asks
again; the office accepts; the leader finds it in 待办 and approves.

After each step the worker's round (`rhythm.planner.run_once`, what `zhenggai worker`
runs) drains the outbox, and the test asserts who was told what, and nobody else, once:
in the app (the next person's 消息 page), in the mails a local SMTP server received, and
in the requests a local webhook server received from the units' work-messaging channels
(the police's generic webhook, signed; the district's DingTalk robot, signed; another
unit's WeCom robot, which must hear nothing).

Only the setup (units, accounts, channels, the draft item) is written in Python; every
step is a click or a form in the pages.
"""

import hashlib
import hmac
import re
import threading
from email import message_from_bytes, policy
from http.server import ThreadingHTTPServer
from types import SimpleNamespace

import pytest
from aiosmtpd.controller import Controller
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS, Session
from tests.conftest import make_unit, make_user
from tests.inbox.conftest import Robot, _handler_for, free_port
from tests.world import make_campaign, make_finding, make_task
from zhenggai.accounts.models import Role
from zhenggai.inbox.models import Channel, Notification
from zhenggai.rhythm.planner import run_once
from zhenggai.tasks.models import Status, Task

ITEM = "(1)针对交通秩序整治不力的问题"
REASON = "佐证材料只有部署通知,缺少查扣车辆的台账,请补充后重新申请。"
POLICE_SECRET = "police-webhook-secret"
# The liaison's 待办 and the top of the returned item at 1366 and 390 px, to be looked at.
SHOTS = ARTIFACTS / "week"


# -- the mail server and the webhook receiver --------------------------------------------


class Mailbox:
    """aiosmtpd's handler: every mail the district sent, as (recipients, message)."""

    def __init__(self):
        self.received = []
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.content, policy=policy.default)
        with self._lock:
            self.received.append((tuple(envelope.rcpt_tos), message))
        return "250 OK"


@pytest.fixture
def mailbox(settings):
    port = free_port()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    settings.DEFAULT_FROM_EMAIL = "zhenggai@liwan.example.gov.cn"
    settings.EMAIL_SUBJECT_PREFIX = "[整改] "
    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    yield box
    controller.stop()


@pytest.fixture
def robot(settings):
    settings.WEBHOOK_TIMEOUT = 3
    robot = Robot()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(robot))
    server.daemon_threads = True
    robot.server = server
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield robot
    server.shutdown()
    server.server_close()


# -- the district -------------------------------------------------------------------------


@pytest.fixture
def district(transactional_db, settings, tmp_path, live_server, mailbox, robot):
    settings.MEDIA_ROOT = tmp_path / "media"
    # Links in mails and channel messages point at the site people use: here, the live server.
    settings.ZHENGGAI_BASE_URL = live_server.url
    police = make_unit("区公安分局")
    other = make_unit("区城管局")
    campaign = make_campaign()
    category = make_finding(campaign, "(一)", "对区委谋划发展能力不足问题的整改")
    problem = make_finding(campaign, "1.", "针对践行新发展理念不到位的问题", parent=category)
    finding = make_finding(campaign, "(1)", "针对交通秩序整治不力的问题", problem)
    task = make_task(finding, status=Status.DRAFT, measure="开展交通秩序专项整治")
    people = {
        "office": make_user("office", Role.OFFICE, display_name="整改办", email="zgb@liwan.gov"),
        "office2": make_user(
            "office2", Role.OFFICE, display_name="整改办审核员", email="zgb2@liwan.gov"
        ),
        "leader": make_user("leader", Role.LEADER, display_name="领导小组", email="ld@liwan.gov"),
        "ll-gafj": make_user(
            "ll-gafj", Role.LIAISON, police, display_name="公安联络员", email="ga@liwan.gov"
        ),
        "ll-cgj": make_user(
            "ll-cgj", Role.LIAISON, other, display_name="城管联络员", email="cg@liwan.gov"
        ),
        "discipline": make_user(
            "discipline", Role.DISCIPLINE, display_name="纪委监委", email="jw@liwan.gov"
        ),
        "observer": make_user(
            "observer", Role.OBSERVER, display_name="市整改办", email="sz@liwan.gov"
        ),
    }
    Channel.objects.create(
        name="公安分局工作群",
        unit=police,
        kind=Channel.Kind.GENERIC,
        url=f"{robot.url}/police",
        secret=POLICE_SECRET,
    )
    Channel.objects.create(
        name="整改办钉钉群",
        unit=None,
        kind=Channel.Kind.DINGTALK,
        url=f"{robot.url}/district?access_token=district-token",
        secret="SECdistrict",
    )
    Channel.objects.create(
        name="城管局企业微信群",
        unit=other,
        kind=Channel.Kind.WECOM,
        url=f"{robot.url}/other?key=other-key",
    )
    evidence = tmp_path / "整治通知.txt"
    evidence.write_text("交通秩序专项整治通知:查扣五类车1100辆。", encoding="utf-8")
    ledger = tmp_path / "查扣台账.txt"
    ledger.write_text("查扣车辆台账:五类车1100辆,逐车登记。", encoding="utf-8")
    SHOTS.mkdir(parents=True, exist_ok=True)
    return SimpleNamespace(
        task=task, people=people, evidence=evidence, ledger=ledger, url=live_server.url
    )


class Post:
    """What the district sent since the last look, once the worker has had its round."""

    def __init__(self, mailbox, robot):
        self.mailbox, self.robot = mailbox, robot
        self.last_note = 0
        self.n_mail = self.n_hook = 0

    def news(self):
        run_once()
        notes = list(
            Notification.objects.filter(pk__gt=self.last_note).order_by("pk").select_related("user")
        )
        if notes:
            self.last_note = notes[-1].pk
        mails = self.mailbox.received[self.n_mail :]
        hooks = self.robot.received[self.n_hook :]
        self.n_mail += len(mails)
        self.n_hook += len(hooks)
        return SimpleNamespace(
            notes=notes,
            inbox=sorted((n.user.username, n.title) for n in notes),
            mails=mails,
            # A long encoded subject is folded onto its own line ("Subject:\n =?utf-8?…"):
            # the parser keeps the fold's space, mail clients drop it.
            mail=sorted((to, str(m["Subject"]).strip()) for to, m in mails),
            hooks=hooks,
            hook=sorted((r.path, hook_title(r)) for r in hooks),
        )


def hook_title(request) -> str:
    data = request.json
    if request.path == "/police":  # generic webhook
        return data["title"]
    if request.path == "/district":  # DingTalk
        return data["markdown"]["title"]
    return data["markdown"]["content"]  # WeCom


def assert_police_request(request):
    """The generic webhook is signed with the channel's secret and names its delivery."""
    signature = request.headers["X-Zhenggai-Signature"]
    expected = hmac.new(POLICE_SECRET.encode(), request.raw, hashlib.sha256).hexdigest()
    assert signature == f"sha256={expected}"
    assert request.headers["X-Zhenggai-Delivery"] == str(request.json["id"])
    assert request.json["unit"]["name"] == "区公安分局"


def assert_district_request(request):
    """DingTalk's 加签: a timestamp and a signature in the query."""
    assert request.query["access_token"] == ["district-token"]
    assert request.query["timestamp"] and request.query["sign"]


# -- the pages ----------------------------------------------------------------------------


def open_todo(session):
    page = session.page
    with page.expect_navigation():
        page.locator("header nav a[href='/todo/']").first.click()
    expect(page.locator("h1")).to_have_text("我的待办")
    return page


def open_inbox(session):
    page = session.page
    with page.expect_navigation():
        page.locator("a.inbox-link").click()
    expect(page.locator("h1")).to_have_text("消息")
    return page


def follow(page, row, link):
    with page.expect_navigation():
        row.get_by_role("link", name=link).click()
    expect(page.locator("h1")).to_contain_text(ITEM[3:])


def done(page, message):
    expect(page.locator(".messages")).to_contain_text(message)
    expect(page.locator("#actions .error")).to_have_count(0)


def status_of(task):
    return Task.objects.values_list("status", flat=True).get(pk=task.pk)


def shoot(session, name, width, height, full_page=False):
    page = session.page
    page.set_viewport_size({"width": width, "height": height})
    page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=full_page)


@pytest.mark.heavy
def test_a_week(district, browser, mailbox, robot):
    task, url = district.task, district.url
    post = Post(mailbox, robot)
    office = Session(browser, url).login("office")
    liaison = Session(browser, url).login("ll-gafj")
    leader = Session(browser, url).login("leader")
    # Everyone lands on 我的待办; nothing waits for the liaison or the leader yet.
    for session in (office, liaison, leader):
        assert session.page.url == f"{url}/todo/"
    expect(liaison.page.locator("main")).to_contain_text("暂无待办事项")
    expect(leader.page.locator("main")).to_contain_text("暂无待办事项")

    # -- Monday: the office gives the item to 区公安分局 (下达) ---------------------------
    page = office.item(task)
    page.select_option("#move-assign select[name=lead_unit]", label="区公安分局")
    page.select_option("#move-assign select[name=timeframe]", value="deadline")
    page.fill("#move-assign input[name=deadline]", "2030-12-31")
    page.fill("#move-assign input[name=leader]", "张副区长")
    office.submit("#move-assign")
    done(page, "已下达")

    sent = post.news()
    title = f"新下达事项待认领:{ITEM}"
    assert sent.inbox == [("ll-gafj", title)]
    assert sent.mail == [(("ga@liwan.gov",), f"[整改] {title}")]
    assert f"{url}/ledger/{task.pk}/" in sent.mails[0][1].get_content()
    assert sent.hook == [("/police", title)]
    assert_police_request(sent.hooks[0])
    assert sent.hooks[0].json["url"] == f"{url}/ledger/{task.pk}/"

    # -- the liaison: 消息, 待办, 认领, a report with its evidence, 申请销号 ---------------
    page = open_inbox(liaison)
    unread = page.locator("ul.inbox li.unread")
    expect(unread).to_have_count(1)
    expect(unread).to_contain_text(title)
    with page.expect_navigation():
        unread.get_by_role("button", name="标为已读").click()
    expect(page.locator("ul.inbox li.unread")).to_have_count(0)
    page = open_todo(liaison)
    expect(page.locator("header nav a[href='/todo/'] .badge")).to_have_text("1")
    row = page.locator("tr.todo-claim")
    expect(row).to_have_count(1)
    expect(row).to_contain_text(ITEM)
    expect(row).to_contain_text("2030-12-31")
    follow(page, row, "认领事项")
    liaison.submit("#move-claim")
    done(page, "已认领")
    page.select_option("#report-form select[name=period]", value="week")
    page.fill("#report-form textarea[name=text]", "已召开交通秩序整治部署会,查扣五类车1100辆。")
    page.set_input_files("#report-form input[name=file]", str(district.evidence))
    liaison.submit("#report-form")
    expect(page.locator("#evidence")).to_contain_text("整治通知.txt")
    page.fill("#move-request_closure textarea[name=text]", "交通秩序明显好转。")
    liaison.submit("#move-request_closure")
    done(page, "已申请销号,等待整改办审核。")
    assert status_of(task) == Status.CLOSURE_REQUESTED
    # Claiming and reporting wait for nobody: the claim entry left the liaison's list.
    page = open_todo(liaison)
    expect(page.locator("tr.todo-claim")).to_have_count(0)

    sent = post.news()
    title = f"销号申请待审核:{ITEM}"
    assert sent.inbox == [("office", title), ("office2", title)]
    assert sent.mail == [
        (("zgb2@liwan.gov",), f"[整改] {title}"),
        (("zgb@liwan.gov",), f"[整改] {title}"),
    ]
    # The district's group hears it once, though two of its people were told.
    assert sent.hook == [("/district", title)]
    assert_district_request(sent.hooks[0])

    # -- the office: the request in 待办, 退回 with a reason ------------------------------
    page = open_inbox(office)
    expect(page.locator("ul.inbox")).to_contain_text(title)
    page = open_todo(office)
    row = page.locator("tr.todo-review")
    expect(row).to_have_count(1)
    expect(row).to_contain_text(ITEM)
    expect(row).to_contain_text("公安联络员")
    follow(page, row, "审核销号申请")
    page.fill("#move-office_return textarea[name=text]", REASON)
    with page.expect_navigation():
        page.click("#move-office_return button[type=submit]")
    # 退回 cannot be undone: it asks first.
    expect(page.locator("h1")).to_contain_text("确认")
    office.submit(".confirm form")
    done(page, "已退回")
    page = open_todo(office)
    expect(page.locator("tr.todo-review")).to_have_count(0)

    sent = post.news()
    title = f"销号申请被退回:{ITEM}"
    assert sent.inbox == [("ll-gafj", title)]
    assert sent.notes[0].body == f"退回理由:{REASON}"
    assert sent.mail == [(("ga@liwan.gov",), f"[整改] {title}")]
    assert REASON in sent.mails[0][1].get_content()
    assert sent.hook == [("/police", title)]
    assert_police_request(sent.hooks[0])
    assert REASON in sent.hooks[0].json["body"]

    # -- the liaison: the reason in 消息, in 待办 and on top of the item ------------------
    page = open_inbox(liaison)
    returned = page.locator("ul.inbox li.unread")
    expect(returned).to_have_count(1)
    expect(returned).to_contain_text(title)
    expect(returned).to_contain_text(REASON)
    page = open_todo(liaison)
    row = page.locator("tr.todo-returned")
    expect(row).to_have_count(1)
    expect(row).to_contain_text(ITEM)
    expect(row).to_contain_text(f"退回理由:{REASON}")
    expect(row).to_contain_text("整改办")
    shoot(liaison, "liaison-todo-returned", 1366, 768, full_page=True)
    shoot(liaison, "liaison-todo-returned", 390, 844, full_page=True)
    # On a phone the entry stacks: the reason and the deadline are read without scrolling
    # sideways.
    for cell in (row.locator("td").nth(1), row.locator("td").nth(3)):
        box = cell.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390, box
    expect(row.locator("td").nth(3)).to_contain_text("2030-12-31")
    page.set_viewport_size({"width": 1366, "height": 768})
    follow(page, row, "按退回意见修改后重新申请销号")
    banner = page.locator(".returned-banner")
    expect(banner).to_contain_text(REASON)
    expect(banner).to_contain_text("整改办")
    # On top: in the first screen, above the facts and the moves, at both widths.
    for width, height in ((1366, 768), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        page.evaluate("window.scrollTo(0, 0)")
        box = banner.bounding_box()
        assert box["y"] + box["height"] <= height, (width, box)
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, (width, box)
        assert box["y"] < page.locator(".facts-grid").bounding_box()["y"]
        shoot(liaison, "liaison-item-returned", width, height)
    page.set_viewport_size({"width": 1366, "height": 768})

    # Mended: the ledger of seized vehicles as evidence, the week's report completed
    # (one report per unit and week: it is revised, not filed twice), then 申请销号 again.
    page.set_input_files("#evidence-form input[name=file]", str(district.ledger))
    liaison.submit("#evidence-form")
    expect(page.locator("#evidence")).to_contain_text("查扣台账.txt")
    page.locator("#progress summary", has_text="修改填报").click()
    page.fill(
        "#progress form[id$=-revise] textarea[name=text]",
        "已召开交通秩序整治部署会,查扣五类车1100辆,逐车登记入台账(见佐证材料)。",
    )
    liaison.submit("#progress form[id$=-revise]")
    expect(page.locator("#progress")).to_contain_text("逐车登记入台账")
    page.fill("#move-request_closure textarea[name=text]", "已补充查扣台账,交通秩序明显好转。")
    liaison.submit("#move-request_closure")
    done(page, "已申请销号,等待整改办审核。")
    # Asked again: the return is behind it (it stays in the history).
    expect(page.locator(".returned-banner")).to_have_count(0)
    expect(page.locator("#history")).to_contain_text(REASON)
    page = open_todo(liaison)
    expect(page.locator("tr.todo-returned")).to_have_count(0)

    sent = post.news()
    title = f"销号申请待审核:{ITEM}"
    assert sent.inbox == [("office", title), ("office2", title)]
    assert sent.mail == [
        (("zgb2@liwan.gov",), f"[整改] {title}"),
        (("zgb@liwan.gov",), f"[整改] {title}"),
    ]
    assert sent.hook == [("/district", title)]

    # -- the office accepts (审核通过) -----------------------------------------------------
    page = open_todo(office)
    row = page.locator("tr.todo-review")
    expect(row).to_contain_text("已补充查扣台账")
    follow(page, row, "审核销号申请")
    page.fill("#move-office_accept textarea[name=text]", "材料齐全,同意。")
    office.submit("#move-office_accept")
    done(page, "已审核通过,等待领导小组审批。")

    sent = post.news()
    title = f"销号待领导小组审批:{ITEM}"
    assert sent.inbox == [("leader", title)]
    assert sent.mail == [(("ld@liwan.gov",), f"[整改] {title}")]
    assert sent.hook == [("/district", title)]
    assert_district_request(sent.hooks[0])

    # -- the leader: 消息, 待办, 审批销号 ------------------------------------------------
    page = open_inbox(leader)
    expect(page.locator("ul.inbox li.unread")).to_have_count(1)
    expect(page.locator("ul.inbox")).to_contain_text(title)
    page = open_todo(leader)
    row = page.locator("tr.todo-approve")
    expect(row).to_have_count(1)
    expect(row).to_contain_text(ITEM)
    follow(page, row, "审批销号")
    with page.expect_navigation():
        page.click("#move-approve button[type=submit]")
    expect(page.locator("h1")).to_contain_text("确认审批销号")
    leader.submit(".confirm form")
    done(page, "已审批销号")
    assert status_of(task) == Status.COMPLETED
    page = open_todo(leader)
    expect(page.locator("main")).to_contain_text("暂无待办事项")

    sent = post.news()
    title = f"事项已销号:{ITEM}"
    assert sent.inbox == [("ll-gafj", title)]
    assert sent.mail == [(("ga@liwan.gov",), f"[整改] {title}")]
    assert sent.hook == [("/police", title)]

    # -- each message once: another round of the worker sends nothing ------------------
    sent = post.news()
    assert (sent.inbox, sent.mail, sent.hook) == ([], [], [])
    # The other unit's group, the discipline commission and the higher office heard nothing.
    for username in ("ll-cgj", "discipline", "observer"):
        assert not Notification.objects.filter(user__username=username).exists(), username
    assert not [r for r in robot.received if r.path == "/other"]
    assert all(r.ok for r in robot.received)
    assert all(not re.search(r"cg@|jw@|sz@", ",".join(to)) for to, _m in mailbox.received)

    for session in (office, liaison, leader):
        session.close()
