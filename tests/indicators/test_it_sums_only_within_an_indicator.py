"""Figures add up only with figures of the same indicator, and only when it may be summed."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from tests.conftest import make_user
from zhenggai.accounts.models import Role
from zhenggai.audit.models import AuditEntry
from zhenggai.indicators.models import FigureWording, Indicator
from zhenggai.indicators.tally import fig, propose, tally


@pytest.fixture
def office(db):
    return make_user("office", Role.OFFICE)


def _figures():
    return [
        fig(12, "处", "整治黑臭水体", task=1, label="(1)"),
        fig(8, "处", "整治黑臭水体", task=2, label="(2)"),
        fig(5, "处", "拆除违法建设", task=3, label="(3)"),
        fig("35", "万元", "追缴资金", approx=True, task=4, label="(4)"),
        fig(1200, "元", "追缴资金", task=5, label="(5)"),
        fig(96.5, "%", "电话投诉办结率", task=6, label="(6)"),
        fig(60, "%", "陆居路项目动迁完成", task=7, label="(7)"),
    ]


def test_it_lists_figures_nobody_has_classified_without_summing_them(db):
    result = tally(_figures())
    assert result.totals == []
    assert len(result.unclassified) == 7


def test_it_sums_within_an_indicator_and_never_across(office):
    water = FigureWording.create_indicator(office, "整治黑臭水体", "处", True)
    money = FigureWording.create_indicator(office, "追缴资金", "万元", True)
    rate = FigureWording.create_indicator(office, "电话投诉办结率", "%", False)
    FigureWording.confirm(office, "整治黑臭水体", "处", water)
    FigureWording.confirm(office, "追缴资金", "元", money)
    FigureWording.confirm(office, "电话投诉办结率", "%", rate)

    result = tally(_figures())
    totals = {t.indicator.name: t for t in result.totals}
    assert totals["整治黑臭水体"].value == Decimal(20)
    assert [f.source["label"] for f in totals["整治黑臭水体"].figures] == ["(1)", "(2)"]
    assert totals["追缴资金"].value == Decimal(351200)  # 35万元 + 1200元, in 元
    assert totals["追缴资金"].approx
    assert totals["电话投诉办结率"].value is None and not totals["电话投诉办结率"].summed
    # 5处 of illegal buildings is not black-and-smelly water; 60% is nobody's total.
    assert sorted(f.words for f in result.unclassified) == ["拆除违法建设", "陆居路项目动迁完成"]
    assert AuditEntry.objects.filter(action="figure_wording_confirm").count() == 3


def test_it_never_lets_a_rate_or_a_percentage_be_summed(office):
    with pytest.raises(ValidationError):
        FigureWording.create_indicator(office, "办结率", "件", True)
    with pytest.raises(ValidationError):
        FigureWording.create_indicator(office, "完成比例", "%", True)
    # Even written straight to the table, it stays unsummable.
    assert Indicator.objects.create(name="排名", unit="位", summable=True).summable is False


def test_it_refuses_a_wording_in_another_unit(office):
    water = FigureWording.create_indicator(office, "整治黑臭水体", "处", True)
    with pytest.raises(ValidationError):
        FigureWording.confirm(office, "整治黑臭水体", "条", water)
    assert not FigureWording.objects.exists()


def test_it_proposes_an_indicator_from_the_words(office):
    water = FigureWording.create_indicator(office, "整治黑臭水体", "处", True)
    assert propose("全区完成整治黑臭水体", "处") == water
    new = propose("电话投诉办结率", "%")
    assert new.pk is None and new.name == "电话投诉办结率" and not new.summable
    assert propose("立案查处", "宗").summable


def test_later_figures_with_the_same_words_follow(office):
    water = FigureWording.create_indicator(office, "整治黑臭水体", "处", True)
    FigureWording.confirm(office, "整治 黑臭水体", "处", water)
    later = tally([fig(3, "处", "整治黑臭水体"), fig(4, "处", "“整治黑臭水体”")])
    assert [t.value for t in later.totals] == [Decimal(7)]
