"""The master ledger's filters, apart from the view that renders them; the spreadsheet
export applies the same ones."""

from django import forms
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from zhenggai.lib.inputs import SEARCH_MAX, CleanInputs
from zhenggai.tasks.models import PUBLIC_PHRASES, Status, Task, Timeframe

PAGE_SIZE = 50

# The three outcomes of the published report, shown first and largest.
PUBLIC_STATUSES = (Status.COMPLETED, Status.STAGED, Status.LONG_TERM)


class LedgerFilterForm(CleanInputs, forms.Form):
    """GET parameters of /ledger/. An invalid value drops that filter, never the page."""

    VIEW_TREE, VIEW_TABLE = "tree", "table"

    q = forms.CharField(label=_("搜索"), required=False, max_length=SEARCH_MAX)
    campaign = forms.TypedChoiceField(label=_("整改工作"), required=False, coerce=int)
    status = forms.ChoiceField(label=_("整改状态"), required=False)
    category = forms.TypedChoiceField(label=_("问题类别"), required=False, coerce=int)
    lead_unit = forms.TypedChoiceField(label=_("牵头单位"), required=False, coerce=int)
    unit = forms.TypedChoiceField(label=_("责任单位"), required=False, coerce=int)
    timeframe = forms.ChoiceField(label=_("时限类型"), required=False)
    overdue = forms.BooleanField(label=_("已逾期"), required=False)
    due_week = forms.BooleanField(label=_("本周到期"), required=False)
    view = forms.ChoiceField(
        label=_("显示方式"),
        required=False,
        choices=[(VIEW_TREE, _("问题树")), (VIEW_TABLE, _("台账表格"))],
        widget=forms.RadioSelect,
    )

    def __init__(self, data, *, campaigns, categories, units):
        super().__init__(data)
        everything = [("", _("全部"))]
        self.fields["campaign"].choices = [(c.pk, c.name) for c in campaigns]
        self.fields["status"].choices = everything + list(Status.choices)
        self.fields["category"].choices = everything + [
            (f.pk, f"{f.label}{f.title}") for f in categories
        ]
        unit_choices = everything + [(u.pk, u.name) for u in units]
        self.fields["lead_unit"].choices = unit_choices
        self.fields["unit"].choices = unit_choices
        self.fields["timeframe"].choices = everything + list(Timeframe.choices)

    def value(self, name):
        """The cleaned value, or None when absent or invalid."""
        if not hasattr(self, "cleaned_data"):
            self.is_valid()
        return self.cleaned_data.get(name) or None

    @property
    def view_mode(self):
        return self.value("view") or self.VIEW_TREE

    def is_filtered(self) -> bool:
        return any(
            self.value(name)
            for name in ("q", "status", "category", "lead_unit", "unit", "timeframe")
        ) or any(self.value(name) for name in ("overdue", "due_week"))


def pick_campaign(campaigns, raw):
    """The campaign asked for by `?campaign=`, else the first one (None when there is none)."""
    try:
        wanted = int(raw)
    except (TypeError, ValueError):
        wanted = None
    for c in campaigns:
        if c.pk == wanted:
            return c
    return campaigns[0] if campaigns else None


def apply_filters(tasks, form: LedgerFilterForm, tree, today):
    value = form.value
    if value("status"):
        tasks = tasks.filter(status=value("status"))
    if value("category"):
        tasks = tasks.filter(tree.category_filter(value("category")))
    if value("lead_unit"):
        tasks = tasks.filter(lead_unit_id=value("lead_unit"))
    if value("unit"):
        shared = Task.units.through.objects.filter(unit_id=value("unit")).values("task_id")
        tasks = tasks.filter(pk__in=shared)
    if value("timeframe"):
        tasks = tasks.filter(timeframe=value("timeframe"))
    if value("overdue"):
        tasks = tasks.overdue(today)
    if value("due_week"):
        tasks = tasks.due_this_week(today)
    if value("q"):
        tasks = tasks.search(value("q"))
    return tasks


def status_counts(tasks, today) -> dict:
    """Counts per status of `tasks` in one query, with overdue and due-this-week."""
    overdue = tasks.overdue(today).values("pk")
    due_week = tasks.due_this_week(today).values("pk")
    row = tasks.aggregate(
        total=Count("pk"),
        overdue=Count("pk", filter=Q(pk__in=overdue)),
        due_week=Count("pk", filter=Q(pk__in=due_week)),
        **{f"s_{s.value}": Count("pk", filter=Q(status=s)) for s in Status},
    )
    statuses = [
        {
            "value": s.value,
            "label": s.label,
            "phrase": PUBLIC_PHRASES.get(s, s.label),
            "count": row[f"s_{s.value}"],
            "public": s in PUBLIC_STATUSES,
        }
        for s in Status
    ]
    return {
        "total": row["total"],
        "overdue": row["overdue"],
        "due_week": row["due_week"],
        "public": sorted(
            (s for s in statuses if s["public"]), key=lambda s: PUBLIC_STATUSES.index(s["value"])
        ),
        "other": [s for s in statuses if not s["public"] and s["count"]],
    }
