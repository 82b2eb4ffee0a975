"""/indicators/: the whole-ledger roles read it, the office classifies; each total links to
the figures behind it."""

from decimal import Decimal

import pytest

from tests.conftest import make_unit, make_user
from tests.world import make_campaign, make_finding, make_task
from zhenggai.accounts.models import Role
from zhenggai.indicators.models import FigureWording, Indicator
from zhenggai.rollups.maintain import touch
from zhenggai.tasks.models import Result


@pytest.fixture
def ledger(db):
    campaign = make_campaign()
    one = make_task(make_finding(campaign, "(1)", "问题一"))
    two = make_task(make_finding(campaign, "(2)", "问题二"))
    Result.objects.create(task=one, value=Decimal(12), unit="处", what="整治黑臭水体")
    Result.objects.create(task=two, value=Decimal(8), unit="处", what="整治黑臭水体")
    Result.objects.create(task=two, value=Decimal(60), unit="%", what="动迁完成")
    touch([one.pk, two.pk])  # written directly, as an import would: the dashboard's sums
    return one, two


def test_it_lets_the_office_classify_once(ledger, client):
    office = make_user("office", Role.OFFICE)
    client.force_login(office)
    page = client.get("/indicators/").content.decode()
    assert "整治黑臭水体" in page and "动迁完成" in page
    response = client.post(
        "/indicators/confirm/",
        {"words": "整治黑臭水体", "unit": "处", "new_name": "整治黑臭水体", "summable": "on"},
    )
    assert response.status_code == 302
    indicator = Indicator.objects.get(name="整治黑臭水体")
    detail = client.get(f"/indicators/{indicator.pk}/").content.decode()
    assert (
        "20" in detail
        and f"/ledger/{ledger[0].pk}/" in detail
        and f"/ledger/{ledger[1].pk}/" in detail
    )
    home = client.get("/").content.decode()
    assert f"/indicators/{indicator.pk}/" in home


def test_it_refuses_bad_input_and_writes_nothing(ledger, client):
    client.force_login(make_user("office", Role.OFFICE))
    response = client.post(
        "/indicators/confirm/", {"words": "整治黑臭水体", "unit": "处"}, follow=True
    )
    assert response.status_code == 200
    assert "请选择一个指标" in response.content.decode()
    response = client.post(
        "/indicators/confirm/",
        {"words": "动迁完成", "unit": "%", "new_name": "动迁完成率", "summable": "on"},
        follow=True,
    )
    assert "不能合计" in response.content.decode()
    assert not Indicator.objects.exists() and not FigureWording.objects.exists()


def test_it_guards_who_may_read_and_classify(ledger, client):
    unit = make_unit("某单位")
    client.force_login(make_user("liaison", Role.LIAISON, unit))
    assert client.get("/indicators/").status_code == 403
    client.force_login(make_user("leader", Role.LEADER))
    assert client.get("/indicators/").status_code == 200
    data = {"words": "整治黑臭水体", "unit": "处", "new_name": "x"}
    assert client.post("/indicators/confirm/", data).status_code == 403
    client.logout()
    assert client.get("/indicators/").status_code == 302
    assert not Indicator.objects.exists()
