"""督导 (/oversight/): an upper level's view across its subordinates, and the reports
they send up. Who may use what is zhenggai.access's."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from zhenggai import access
from zhenggai.dashboard.views import _without_jit
from zhenggai.lib import clock
from zhenggai.organisations import oversight
from zhenggai.organisations.forms import UpwardReportForm
from zhenggai.organisations.models import Organisation, UpwardReport

SORT_LABELS = {
    "score": gettext_lazy("得分"),
    "items": gettext_lazy("事项"),
    "completion": gettext_lazy("完成率"),
    "overdue": gettext_lazy("逾期"),
    "reporting": gettext_lazy("按时填报率"),
    "changes": gettext_lazy("近7日状态变化"),
    "name": gettext_lazy("组织名称"),
}


def _organisation_for(request):
    """The organisation whose subordinates are shown: the reader's own, or one below it
    (?org=), never one outside their subtree (404)."""
    user = request.user
    raw = request.GET.get("org")
    if raw:
        try:
            return access.organisations(user).get(pk=int(raw))
        except (ValueError, TypeError, Organisation.DoesNotExist):
            raise Http404 from None
    if user.organisation is None:
        raise Http404
    return user.organisation


def _board_data(request):
    if not access.reads_oversight(request.user):
        raise PermissionDenied
    org = _organisation_for(request)
    sort = request.GET.get("sort") if request.GET.get("sort") in oversight.SORTS else "score"
    rows = oversight.rows(org, campaigns=access.campaigns(request.user), sort=sort)
    return org, sort, rows


@require_GET
@login_required
@transaction.atomic
def board(request):
    _without_jit()
    org, sort, rows = _board_data(request)
    # The way back up, as far as the reader may go.
    top = request.user.organisation
    trail = []
    node = org
    while node is not None and top is not None and node.path.startswith(top.path):
        trail.append(node)
        node = node.parent
    received = (
        UpwardReport.objects.visible_to(request.user)
        .filter(recipient=org)
        .select_related("sender")[:10]
    )
    return render(
        request,
        "organisations/board.html",
        {
            "org": org,
            "trail": list(reversed(trail)),
            "rows": rows,
            "sort": sort,
            "sorts": list(SORT_LABELS.items()),
            "formula": oversight.FORMULA,
            "formula_terms": oversight.FORMULA_TERMS,
            "today": clock.today(),
            "clock_pinned": clock.pinned_at() is not None,
            "received": received,
        },
    )


@require_GET
@login_required
def reports(request):
    if not access.reads_whole_ledger(request.user):
        raise PermissionDenied
    visible = UpwardReport.objects.visible_to(request.user).select_related(
        "sender", "recipient", "submitted_by", "received_by"
    )
    form = None
    if access.reports_upward(request.user):
        form = UpwardReportForm(initial={"period": "day", "day": clock.today()})
    return render(
        request,
        "organisations/reports.html",
        {"reports": visible[:100], "form": form},
    )


@require_POST
@login_required
def report_new(request):
    if not access.reports_upward(request.user):
        raise PermissionDenied
    form = UpwardReportForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            report = UpwardReport.submit(request.user, data["period"], data["day"], data["text"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("已向上级报送。"))
            return redirect("oversight:report", report.pk)
    visible = UpwardReport.objects.visible_to(request.user).select_related(
        "sender", "recipient", "submitted_by", "received_by"
    )
    return render(
        request, "organisations/reports.html", {"reports": visible[:100], "form": form}, status=400
    )


def _visible_report(request, pk):
    return get_object_or_404(
        UpwardReport.objects.visible_to(request.user).select_related(
            "sender", "recipient", "submitted_by", "received_by"
        ),
        pk=pk,
    )


@require_GET
@login_required
def report(request, pk):
    obj = _visible_report(request, pk)
    campaigns = access.campaigns(request.user).filter(owner__path__startswith=obj.sender.path)
    return render(
        request,
        "organisations/report.html",
        {
            "report": obj,
            "campaigns": campaigns,
            "may_receive": obj.received_at is None and access.receives_upward(request.user, obj),
        },
    )


@require_POST
@login_required
def report_receive(request, pk):
    obj = _visible_report(request, pk)
    if not access.receives_upward(request.user, obj):
        raise PermissionDenied
    obj.receive(request.user)
    messages.success(request, _("已签收。"))
    return redirect("oversight:report", obj.pk)
