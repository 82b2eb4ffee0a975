"""The catalogue of indicators (指标) and which figures count towards which.

A figure ("整治黑臭水体12处", "追缴资金35万元") adds up only with figures of the same
indicator: 12处 of black-and-smelly water and 8处 of illegal buildings are not 20 of
anything. An indicator has its unit and says whether it may be summed at all —
percentages, rates and ranks never may.

Figures are matched to indicators by their words and unit (`FigureWording`): the office
confirms or corrects the proposal once, and every later figure with the same words
follows. A figure whose words are not yet confirmed is listed, never summed.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from zhenggai.audit.models import record
from zhenggai.lib import clock
from zhenggai.lib.fields import StampField

# Units of measure that are never quantities to add up.
NEVER_SUMMED_UNITS = frozenset({"%", "％", "百分点", "个百分点", "倍", "成", "名", "位"})
# Words that make a figure a rate, a share or a rank whatever its unit.
NEVER_SUMMED_WORDS = ("率", "比例", "占比", "比重", "排名", "名次", "指数", "平均", "人均")

# Units folded into a base unit before figures meet: 万元 → 元.
SCALE = {
    "万元": ("元", 10_000),
    "亿元": ("元", 100_000_000),
    "千元": ("元", 1_000),
    "万平方米": ("平方米", 10_000),
    "万人": ("人", 10_000),
    "万户": ("户", 10_000),
    "万宗": ("宗", 10_000),
    "万件": ("件", 10_000),
    "公里": ("米", 1_000),
    "千米": ("米", 1_000),
}


def base_unit(unit: str) -> str:
    unit = (unit or "").strip()
    return SCALE.get(unit, (unit, 1))[0]


def words_key(words: str) -> str:
    """The words of a figure as they are matched: whitespace and quotes do not count."""
    return "".join((words or "").split()).strip("“”\"'‘’")[:100]


def may_be_summed(name: str, unit: str) -> bool:
    """Percentages, rates and ranks never add up, whatever anyone says."""
    return unit not in NEVER_SUMMED_UNITS and not any(w in (name or "") for w in NEVER_SUMMED_WORDS)


class Indicator(models.Model):
    name = models.CharField(_("指标名称"), max_length=100)
    unit = models.CharField(_("计量单位"), max_length=20)
    summable = models.BooleanField(
        _("可以合计"), default=True, help_text=_("百分比、比率、排名等不能合计。")
    )
    created_at = StampField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("指标")
        verbose_name_plural = _("指标")
        ordering = ["name", "unit"]
        constraints = [
            models.UniqueConstraint(fields=["name", "unit"], name="indicator_name_unit_unique")
        ]

    def __str__(self) -> str:
        return f"{self.name}({self.unit})"

    audit_type = "indicator"

    def save(self, *args, **kwargs):
        self.unit = base_unit(self.unit)
        # The rule holds whatever wrote the row: a form, the admin or a script.
        self.summable = self.summable and may_be_summed(self.name, self.unit)
        super().save(*args, **kwargs)

    def clean(self):
        self.unit = base_unit(self.unit)
        if self.summable and not may_be_summed(self.name, self.unit):
            raise ValidationError(
                {"summable": _("百分比、比率、排名等指标不能合计。")}, code="not_summable"
            )


class FigureWording(models.Model):
    """The office's decision that figures with these words and unit measure `indicator`."""

    words = models.CharField(_("原文表述"), max_length=100)
    unit = models.CharField(_("计量单位"), max_length=20)
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("指标"), on_delete=models.PROTECT, related_name="wordings"
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("确认人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("确认时间"), default=clock.now)

    class Meta:
        verbose_name = _("指标归类")
        verbose_name_plural = _("指标归类")
        ordering = ["words", "unit"]
        constraints = [
            models.UniqueConstraint(fields=["words", "unit"], name="figure_wording_unique")
        ]

    def __str__(self) -> str:
        return f"{self.words}({self.unit}) → {self.indicator}"

    audit_type = "figure_wording"

    @classmethod
    def confirm(cls, user, words: str, unit: str, indicator: Indicator) -> "FigureWording":
        """归类: figures worded `words` in `unit` count towards `indicator` from now on."""
        key, unit = words_key(words), base_unit(unit)
        if not key:
            raise ValidationError(_("原文表述不能为空。"))
        if indicator.unit != unit:
            raise ValidationError(
                _("计量单位不一致:该数据以“%(unit)s”计,指标以“%(indicator)s”计。")
                % {"unit": unit, "indicator": indicator.unit}
            )
        with transaction.atomic():
            wording = cls.objects.select_for_update().filter(words=key, unit=unit).first()
            before = {"indicator": wording.indicator_id} if wording else {}
            if wording is None:
                wording = cls(words=key, unit=unit)
            wording.indicator = indicator
            wording.confirmed_by = user
            wording.confirmed_at = clock.now()
            wording.save()
            record(user, "figure_wording_confirm", wording, before, {"indicator": indicator.pk})
        return wording

    @classmethod
    def create_indicator(cls, user, name: str, unit: str, summable: bool) -> Indicator:
        indicator = Indicator(name=name.strip(), unit=base_unit(unit), summable=summable)
        indicator.full_clean()
        with transaction.atomic():
            indicator.save()
            record(
                user,
                "indicator_create",
                indicator,
                {},
                {"name": indicator.name, "unit": indicator.unit, "summable": indicator.summable},
            )
        return indicator
