"""GET /api/figures totals by the same rule as the dashboard, over what the caller sees."""

from decimal import Decimal

from tests.api.conftest import api, keys  # noqa: F401 — fixtures
from tests.world import world  # noqa: F401 — fixture
from zhenggai.indicators.models import FigureWording
from zhenggai.tasks.models import Result


def test_it_totals_per_indicator_for_what_the_caller_may_see(api, keys, world):  # noqa: F811
    Result.objects.create(task=world.t1, value=Decimal(1840), unit="份", what="开具消防整改通知书")
    Result.objects.create(task=world.t3, value=Decimal(60), unit="份", what="开具消防整改通知书")
    Result.objects.create(task=world.t3, value=Decimal(95), unit="%", what="党员覆盖率")
    notices = FigureWording.create_indicator(world.office, "开具整改通知书", "份", True)
    FigureWording.confirm(world.office, "开具消防整改通知书", "份", notices)

    office = api.get("/figures", key=keys["office"]).json()
    [total] = office["totals"]
    assert (total["name"], total["value"], total["n"]) == ("开具整改通知书", "1900", 2)
    assert {f["label"] for f in total["figures"]} == {"(1)", "(3)"}
    assert [f["words"] for f in office["unclassified"]] == ["党员覆盖率"]

    # 区住房建设局's liaison sees item (1) only: its figure, its total.
    mine = api.get("/figures", key=keys["lead_liaison"]).json()
    assert [(t["value"], t["n"]) for t in mine["totals"]] == [("1840", 1)]
    assert mine["unclassified"] == []
    assert api.get("/figures").status_code == 401
