"""The dashboard and the menu on a phone (390 px) and a laptop (1366 px), in Chinese and
in English: nothing wider than the window, the menu folded behind 菜单 on the phone."""

import datetime

import pytest

from tests.browser.conftest import ARTIFACTS
from tests.conftest import make_unit, make_user
from tests.world import make_campaign, make_ledger
from zhenggai.accounts.models import Role
from zhenggai.tasks.models import Status, Timeframe

WIDTHS = (390, 1366)


@pytest.fixture
def ledger(transactional_db):
    campaign = make_campaign()
    units = [
        make_unit("广州市荔湾区住房和城乡建设局(区人民防空办公室)"),
        make_unit("区城市更新局"),
        make_unit("新隆沙投资发展有限公司"),
    ]
    tasks = make_ledger(campaign, 24, per_problem=4)
    statuses = [Status.COMPLETED, Status.STAGED, Status.LONG_TERM, Status.IN_PROGRESS]
    for i, task in enumerate(tasks):
        task.lead_unit = units[i % len(units)]
        task.status = statuses[i % len(statuses)]
        task.timeframe = Timeframe.DEADLINE
        task.deadline = datetime.date(2018, 10, 31)
        task.save()
    make_user("office", Role.OFFICE, display_name="整改办")
    ARTIFACTS.mkdir(exist_ok=True)
    return campaign


def _open(browser, live_server, width, language):
    context = browser.new_context(locale="zh-CN", viewport={"width": width, "height": 900})
    if language == "en":
        context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page = context.new_page()
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "office")
    page.fill("#id_password", "pw")
    page.click("button[type=submit]")
    page.wait_for_load_state()
    return context, page


def _overflow(page):
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("width", WIDTHS)
def test_the_dashboard_fits_the_window(live_server, browser, ledger, width, language):
    context, page = _open(browser, live_server, width, language)
    try:
        page.goto(f"{live_server.url}/")
        assert page.locator("h1").first.inner_text() == (
            "整改工作概览" if language == "zh-hans" else "Rectification overview"
        )
        assert _overflow(page) <= 0, f"{width} px, {language}: wider than the window"
        if language == "en":
            legend = page.inner_text("main")
            assert "Completed" in legend
            svg = page.inner_html("main")
            assert "已完成整改</text>" not in svg  # the charts speak English too
        page.screenshot(path=str(ARTIFACTS / f"dashboard-{language}-{width}.png"), full_page=True)
    finally:
        context.close()


def test_the_menu_folds_on_a_phone(live_server, browser, ledger):
    context, page = _open(browser, live_server, 390, "zh-hans")
    try:
        page.goto(f"{live_server.url}/")
        nav = page.locator("#main-nav")
        assert not nav.is_visible()
        header = page.locator("header.topbar").bounding_box()
        assert header["height"] < 900 / 6  # not a quarter of the screen any more
        page.click("label.menu-button")
        assert nav.is_visible()
        assert page.locator("#main-nav a", has_text="总台账").is_visible()
        assert _overflow(page) <= 0
        page.screenshot(path=str(ARTIFACTS / "menu-open-390.png"))
    finally:
        context.close()


def test_the_menu_stays_open_on_a_laptop(live_server, browser, ledger):
    context, page = _open(browser, live_server, 1366, "en")
    try:
        page.goto(f"{live_server.url}/audit/")
        assert page.locator("#main-nav").is_visible()
        assert not page.locator("label.menu-button").is_visible()
        assert _overflow(page) <= 0
    finally:
        context.close()
