"""/audit/: the whole ledger's audit trail (履职留痕), for those who hold units to account.

Scoped by the organisation tree (access.audit_entries): a reader sees the entries of
their own organisation and those below it, never a sibling's.

纪委监委, 整改办, 领导小组 and the higher office (read-only) read it; a unit's people get
403 — they see their items' trails on the item pages. The page only reads: entries are
append-only (zhenggai/lib/appendonly.py) and no view writes, changes or removes one.

Rows are put in words by the same code as the item page's trail (zhenggai.audit.labels:
action labels, field names, choice labels, local times) and drawn by the same partial
(`audit/_table.html`). The action filter offers every action the code records.
"""

import datetime

from django import forms
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from zhenggai import access
from zhenggai.accounts.decorators import whole_ledger_required
from zhenggai.accounts.models import User
from zhenggai.audit.labels import ACTION_GROUPS, describe
from zhenggai.audit.models import AuditEntry
from zhenggai.lib.inputs import SEARCH_MAX, CleanInputs, DateInput
from zhenggai.units.models import Unit

PAGE_SIZE = 50


class AuditFilterForm(CleanInputs, forms.Form):
    """GET parameters of /audit/. An invalid value drops that filter, never the page."""

    q = forms.CharField(label=_("事项或说明"), required=False, max_length=SEARCH_MAX)
    date_from = forms.DateField(label=_("起始日期"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("截止日期"), required=False, widget=DateInput())
    actor = forms.TypedChoiceField(label=_("操作人"), required=False, coerce=int)
    unit = forms.TypedChoiceField(label=_("牵头单位"), required=False, coerce=int)
    action = forms.ChoiceField(label=_("操作"), required=False)

    def __init__(self, data, *, users, units):
        super().__init__(data)
        everything = [("", _("全部"))]
        self.fields["actor"].choices = everything + [(u.pk, str(u)) for u in users]
        self.fields["unit"].choices = everything + [(u.pk, u.name) for u in units]
        self.fields["action"].choices = everything + [
            (group, list(actions.items())) for group, actions in ACTION_GROUPS
        ]

    def value(self, name):
        if not hasattr(self, "cleaned_data"):
            self.is_valid()
        return self.cleaned_data.get(name) or None


def _start_of(day):
    # Local days: an entry at 00:30 Beijing time belongs to that day, not the one before.
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def apply_filters(entries, form):
    if (day := form.value("date_from")) is not None:
        entries = entries.filter(at__gte=_start_of(day))
    if (day := form.value("date_to")) is not None:
        entries = entries.filter(at__lt=_start_of(day + datetime.timedelta(days=1)))
    if (actor := form.value("actor")) is not None:
        entries = entries.filter(actor_id=actor)
    if (unit := form.value("unit")) is not None:
        entries = entries.filter(task__lead_unit_id=unit)
    if (action := form.value("action")) is not None:
        entries = entries.filter(action=action)
    if (q := (form.value("q") or "").strip()) != "":
        entries = entries.filter(
            Q(task__finding__label=q)
            | Q(task__finding__title__icontains=q)
            | Q(task__measure__icontains=q)
            | Q(note__icontains=q)
        )
    return entries


@require_GET
@whole_ledger_required
def audit_log(request):
    user = request.user
    users = access.audit_actors(
        user, User.objects.only("id", "username", "display_name").order_by("username")
    )
    units = access.units(user, Unit.objects.only("id", "name"))
    form = AuditFilterForm(request.GET, users=users, units=units)
    entries = apply_filters(access.audit_entries(user, AuditEntry.objects.all()), form)
    entries = entries.select_related("actor", "task__finding", "task__lead_unit")
    page = Paginator(entries.order_by("-at", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = describe(list(page.object_list))
    return render(request, "audit/audit_log.html", {"form": form, "page": page, "rows": rows})
