"""问责: who was held to account, how, by whom, for which item.

The seed reports both single cases ("该街道纪工委书记 … 受到党内严重警告处分") and
aggregates ("区纪委根据问题线索,追究责任110人", "区河长办约谈了5名正处级干部"): one record
holds either, `persons` saying how many people it covers. Counts sum `persons`.

Personal data of disciplined people: only the discipline commission and the office
write; the leading group and the higher office read; units never see it — not even
through an item's history (the foreign key is `item`, not `task`, so that `record()`
does not attach the audit entries to the item's trail, which units read).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Sum
from django.utils.translation import gettext_lazy as _

from zhenggai.lib.fields import StampField


class Rank(models.TextChoices):
    ZHENGCHU = "zhengchu", _("正处级")
    FUCHU = "fuchu", _("副处级")
    ZHENGKE = "zhengke", _("正科级")
    FUKE = "fuke", _("副科级")
    # The seed's "2名科级干部" does not say which.
    KE = "ke", _("科级")
    STAFF = "staff", _("科员及以下/工作人员")
    VILLAGE = "village", _("村居干部")
    OTHER = "other", _("其他")


class Form(models.TextChoices):
    YUETAN = "yuetan", _("约谈")
    JIEMIAN = "jiemian", _("诫勉谈话")
    TONGBAO = "tongbao", _("通报批评")
    JIANCHA = "jiancha", _("责令检查")
    DANGJI = "dangji", _("党纪处分")
    ZHENGWU = "zhengwu", _("政务处分")
    ZUZHI = "zuzhi", _("组织处理")
    ZHUIJIU = "zhuijiu", _("追究责任")
    OTHER = "other", _("其他")


class PartySanction(models.TextChoices):
    JINGGAO = "jinggao", _("警告")
    YANZHONG = "yanzhong", _("严重警告")
    CHEXIAO = "chexiao", _("撤销党内职务")
    LIUDANG = "liudang", _("留党察看")
    KAICHU = "kaichu", _("开除党籍")


class Record(models.Model):
    campaign = models.ForeignKey(
        "inspections.Campaign",
        verbose_name=_("整改工作"),
        on_delete=models.CASCADE,
        related_name="accountability_records",
    )
    person_name = models.CharField(
        _("姓名"), max_length=100, blank=True, help_text=_("多人合计记录可不填")
    )
    post = models.CharField(_("职务"), max_length=200, blank=True)
    rank = models.CharField(_("职级"), max_length=20, choices=Rank.choices, blank=True)
    unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("所在单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    unit_name = models.CharField(
        _("单位名称(文字)"), max_length=200, blank=True, help_text=_("单位不在系统中时填写")
    )
    form = models.CharField(_("问责方式"), max_length=20, choices=Form.choices)
    sanction = models.CharField(
        _("党纪处分种类"),
        max_length=20,
        choices=PartySanction.choices,
        blank=True,
        help_text=_("问责方式为党纪处分时填写"),
    )
    persons = models.PositiveIntegerField(_("人数"), default=1)
    date = models.DateField(_("问责日期"), null=True, blank=True)
    item = models.ForeignKey(
        "tasks.Task",
        verbose_name=_("涉及整改事项"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="accountability_records",
    )
    finding = models.ForeignKey(
        "inspections.Finding",
        verbose_name=_("涉及反馈问题"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="accountability_records",
    )
    decided_by = models.CharField(
        _("问责机关"), max_length=100, blank=True, help_text=_("如 区纪委监委、区河长办")
    )
    note = models.TextField(_("备注"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("记录人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    created_at = StampField(_("记录时间"), auto_now_add=True)
    updated_at = StampField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("问责记录")
        verbose_name_plural = _("问责记录")
        ordering = ["campaign", "-date", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(persons__gte=1), name="record_persons_min"),
            models.CheckConstraint(
                condition=models.Q(form="dangji") | models.Q(sanction=""),
                name="record_sanction_only_for_party_discipline",
            ),
        ]

    def __str__(self) -> str:
        who = self.person_name or _("{n}人").format(n=self.persons)
        return f"{who} · {self.get_form_display()}"

    audit_type = "accountability"
    AUDIT_FIELDS = (
        "campaign",
        "person_name",
        "post",
        "rank",
        "unit",
        "unit_name",
        "form",
        "sanction",
        "persons",
        "date",
        "item",
        "finding",
        "decided_by",
        "note",
    )

    def clean(self):
        errors = {}
        if self.form != Form.DANGJI and self.sanction:
            errors["sanction"] = _("只有党纪处分才填写处分种类。")
        if self.item_id and self.campaign_id and self.item.finding.campaign_id != self.campaign_id:
            errors["item"] = _("该事项不属于所选整改工作。")
        if self.finding_id and self.campaign_id and self.finding.campaign_id != self.campaign_id:
            errors["finding"] = _("该问题不属于所选整改工作。")
        if errors:
            raise ValidationError(errors)

    @property
    def unit_display(self) -> str:
        return str(self.unit) if self.unit_id else self.unit_name

    @property
    def form_display(self) -> str:
        if self.form == Form.DANGJI and self.sanction:
            return f"{self.get_form_display()}({self.get_sanction_display()})"
        return self.get_form_display()


def _sum_by(campaign, *fields):
    return (
        Record.objects.filter(campaign=campaign)
        .values(*fields)
        .annotate(persons_sum=Sum("persons"), records=Count("pk"))
        .order_by(*fields)
    )


def counts_by_form(campaign) -> list[dict]:
    """[{"form", "label", "persons", "records"}] in the order of `Form`, forms with
    none left out. One query."""
    rows = {r["form"]: r for r in _sum_by(campaign, "form")}
    return [
        {
            "form": f.value,
            "label": f.label,
            "persons": rows[f.value]["persons_sum"],
            "records": rows[f.value]["records"],
        }
        for f in Form
        if f.value in rows
    ]


def counts_by_rank(campaign) -> list[dict]:
    """[{"rank", "label", "persons", "records"}] in the order of `Rank`, then records
    with no rank given ("未注明"). One query."""
    rows = {r["rank"]: r for r in _sum_by(campaign, "rank")}
    out = [
        {
            "rank": r.value,
            "label": r.label,
            "persons": rows[r.value]["persons_sum"],
            "records": rows[r.value]["records"],
        }
        for r in Rank
        if r.value in rows
    ]
    if "" in rows:
        out.append(
            {
                "rank": "",
                "label": _("未注明"),
                "persons": rows[""]["persons_sum"],
                "records": rows[""]["records"],
            }
        )
    return out


def counts_by_form_and_rank(campaign) -> list[dict]:
    """As the seed says it: "约谈了5名正处级干部". One query."""
    form_labels, rank_labels = dict(Form.choices), dict(Rank.choices)
    rows = []
    for r in _sum_by(campaign, "form", "rank", "decided_by"):
        rows.append(
            {
                "form": r["form"],
                "form_label": form_labels.get(r["form"], r["form"]),
                "rank": r["rank"],
                "rank_label": rank_labels.get(r["rank"], ""),
                "decided_by": r["decided_by"],
                "persons": r["persons_sum"],
                "records": r["records"],
            }
        )
    order = {f.value: i for i, f in enumerate(Form)}
    rank_order = {r.value: i for i, r in enumerate(Rank)}
    rows.sort(key=lambda r: (order.get(r["form"], 99), rank_order.get(r["rank"], 99)))
    return rows


def counts_by_item(campaign) -> list[dict]:
    """Persons per item (and per finding for records tied to a finding only), in the
    report's order; records tied to neither come last as "未关联事项". One query."""
    rows = (
        Record.objects.filter(campaign=campaign)
        .values(
            "item_id",
            "item__finding__label",
            "item__finding__title",
            "item__finding__position",
            "finding_id",
            "finding__label",
            "finding__title",
            "finding__position",
        )
        .annotate(persons_sum=Sum("persons"), records=Count("pk"))
        .order_by()
    )
    merged: dict = {}
    for r in rows:
        if r["item_id"]:
            key = ("item", r["item_id"])
            label, title, pos = (
                r["item__finding__label"],
                r["item__finding__title"],
                r["item__finding__position"],
            )
        elif r["finding_id"]:
            key = ("finding", r["finding_id"])
            label, title, pos = r["finding__label"], r["finding__title"], r["finding__position"]
        else:
            key = ("none", 0)
            label, title, pos = "", str(_("未关联事项")), None
        entry = merged.setdefault(
            key,
            {
                "task_id": r["item_id"] if key[0] == "item" else None,
                "label": label,
                "title": title,
                "position": pos,
                "persons": 0,
                "records": 0,
            },
        )
        entry["persons"] += r["persons_sum"]
        entry["records"] += r["records"]
    return sorted(
        merged.values(),
        key=lambda e: (e["position"] is None, e["position"] or 0),
    )


def counts(campaign) -> dict:
    """Everything the summary page shows; four queries whatever the number of records."""
    by_form = counts_by_form(campaign)
    return {
        "total_persons": sum(r["persons"] for r in by_form),
        "total_records": sum(r["records"] for r in by_form),
        "by_form": by_form,
        "by_rank": counts_by_rank(campaign),
        "by_form_and_rank": counts_by_form_and_rank(campaign),
        "by_item": counts_by_item(campaign),
    }


def phrase(row) -> str:
    """One row of `counts_by_form_and_rank` as the seed phrases it:
    "区河长办约谈了5名正处级干部", "追究责任110人"."""
    from django.utils.translation import gettext as _g

    if row["rank"] and row["rank"] not in (Rank.OTHER, Rank.STAFF, Rank.VILLAGE):
        text = _g("{form}了{n}名{rank}干部").format(
            form=row["form_label"], n=row["persons"], rank=row["rank_label"]
        )
    elif row["rank"] in (Rank.STAFF, Rank.VILLAGE):
        text = _g("{form}了{n}名{rank}").format(
            form=row["form_label"], n=row["persons"], rank=row["rank_label"]
        )
    else:
        text = _g("{form}{n}人").format(form=row["form_label"], n=row["persons"])
    return f"{row['decided_by']}{text}"
