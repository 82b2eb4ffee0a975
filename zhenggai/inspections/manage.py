"""整改办 pages that set up the ledger's frame: the index of /manage/, inspections and the
findings tree (units: zhenggai/units/manage.py; accounts: zhenggai/accounts/views.py).

Office only (403 for every other role). Each edit view shows its form on GET and
changes data on POST only, behind CSRF.
"""

from django.contrib import messages
from django.db import transaction
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from zhenggai import access
from zhenggai.accounts.decorators import office_required
from zhenggai.accounts.models import User
from zhenggai.inspections.forms import FindingForm, InspectionForm
from zhenggai.inspections.models import Finding, Inspection
from zhenggai.inspections.tree import renumber
from zhenggai.tasks.forms import checked_post
from zhenggai.tasks.models import Task
from zhenggai.tasks.workflow import WorkflowError
from zhenggai.units.models import Unit

GET_POST = require_http_methods(["GET", "POST"])


def _form_page(request, form, title, back):
    return render(request, "manage/form.html", {"form": form, "title": title, "back": back})


@require_GET
@office_required
def index(request):
    return render(
        request,
        "inspections/manage/index.html",
        {
            "n_inspections": access.kept(request.user, Inspection.objects.all()).count(),
            "n_units": access.kept_units(request.user, Unit.objects.all()).count(),
            "n_users": access.accounts(request.user, User.objects.all()).count(),
            "n_organisations": access.managed_organisations(request.user).count(),
            "campaigns": access.kept_campaigns(request.user).annotate(n=Count("findings")),
        },
    )


# --- inspections ------------------------------------------------------------------------


@require_GET
@office_required
def inspection_list(request):
    inspections = access.kept(request.user, Inspection.objects.select_related("campaign")).order_by(
        "campaign", "feedback_date", "id"
    )
    return render(request, "inspections/manage/inspection_list.html", {"inspections": inspections})


@GET_POST
@office_required
def inspection_edit(request, pk=None):
    inspection = (
        get_object_or_404(access.kept(request.user, Inspection.objects.all()), pk=pk)
        if pk
        else None
    )
    form = InspectionForm(request.POST or None, instance=inspection)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
        messages.success(request, _("已保存巡视巡察信息。"))
        return redirect("manage_inspections")
    title = _("编辑巡视巡察") if inspection else _("新建巡视巡察")
    return _form_page(request, form, title, reverse("manage_inspections"))


# --- findings ---------------------------------------------------------------------------


def _campaign_from(request):
    raw = request.GET.get("campaign") or request.POST.get("campaign")
    if raw:
        return get_object_or_404(
            access.kept_campaigns(request.user), pk=raw if str(raw).isdigit() else 0
        )
    return access.kept_campaigns(request.user).first()


def _nest(findings):
    """The findings as a tree, each node's `kids` in the report's order. `findings` come
    in pre-order (by position), so a parent is always met before its children."""
    roots, by_id = [], {}
    for f in findings:
        f.kids = []
        by_id[f.pk] = f
        parent = by_id.get(f.parent_id)
        (parent.kids if parent is not None else roots).append(f)
    return roots


def _finding_list(request, campaign, error=None, status=200):
    # An aggregate query drops Meta.ordering: the report's order must be asked for.
    findings = (
        list(
            Finding.objects.filter(campaign=campaign)
            .select_related("task")
            .annotate(n_children=Count("children"))
            .order_by("position")
        )
        if campaign
        else []
    )
    return render(
        request,
        "inspections/manage/finding_list.html",
        {
            "campaign": campaign,
            "campaigns": access.kept_campaigns(request.user),
            "findings": findings,
            "roots": _nest(findings),
            "error": error,
        },
        status=status,
    )


@require_GET
@office_required
def finding_list(request):
    return _finding_list(request, _campaign_from(request))


@require_POST
@office_required
def finding_task(request, pk):
    """建立整改任务: a DRAFT item for a leaf that has none (Task.create_for)."""
    finding = get_object_or_404(
        access.kept(request.user, Finding.objects.select_related("campaign")), pk=pk
    )
    try:
        task = Task.create_for(request.user, finding, checked_post(request.POST).get("measure", ""))
    except WorkflowError as exc:
        # The list again, with why, and the status the error carries (409 for a finding
        # that has children or an item already).
        return _finding_list(request, finding.campaign, error=exc.message, status=exc.status_code)
    messages.success(request, _("已建立整改任务,请填写整改措施并下达。"))
    return redirect("task", pk=task.pk)


@GET_POST
@office_required
def finding_edit(request, pk=None):
    if pk:
        finding = get_object_or_404(
            access.kept(request.user, Finding.objects.select_related("campaign")), pk=pk
        )
        campaign = finding.campaign
    else:
        finding = None
        campaign = _campaign_from(request)
        if campaign is None:
            messages.error(request, _("请先新建巡视巡察及其整改工作。"))
            return redirect("manage_inspections")
    initial = {}
    parent = request.GET.get("parent")
    if finding is None and parent and parent.isdigit():
        initial["parent"] = int(parent)
    form = FindingForm(request.POST or None, instance=finding, campaign=campaign, initial=initial)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
            renumber(campaign.pk)
        messages.success(request, _("已保存反馈问题。"))
        return redirect(f"{reverse('manage_findings')}?campaign={campaign.pk}")
    title = _("编辑反馈问题") if finding else _("新建反馈问题")
    back = f"{reverse('manage_findings')}?campaign={campaign.pk}"
    return _form_page(request, form, f"{title} · {campaign.name}", back)
