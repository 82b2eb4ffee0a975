"""The ledger as Excel: download (anyone who can read the ledger, scoped and filtered
like /ledger/) and upload (整改办 only: check, preview, confirm)."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from zhenggai.accounts.decorators import office_required
from zhenggai.inspections.models import Campaign
from zhenggai.ledger.filters import pick_campaign
from zhenggai.lib import clock, staging
from zhenggai.lib.inputs import CONTROL_CHARACTERS
from zhenggai.spreadsheet.ledger_export import export_to_tempfile, filename, filtered_tasks
from zhenggai.spreadsheet.ledger_import import (
    ImportFailed,
    apply_import,
    plan_import,
)

SESSION_KEY = "ledger_import"
# An upload waits here between the preview and the confirmation; never served.
UPLOAD_DIR = "ledger-imports"


@require_GET
@login_required
def export(request):
    """导出Excel: what /ledger/ shows with the same GET parameters, all pages."""
    today = clock.today()
    campaign, outline, tasks = filtered_tasks(request.user, request.GET, today)
    if campaign is None:
        handle = export_to_tempfile(tasks.none(), None, None)
    else:
        handle = export_to_tempfile(tasks, outline, campaign)
    return FileResponse(
        handle,
        as_attachment=True,
        filename=filename(campaign, today),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def _keep_upload(request, uploaded, campaign) -> str:
    token = staging.keep(UPLOAD_DIR, uploaded, ".xlsx")
    request.session[SESSION_KEY] = {
        "token": token,
        "campaign": campaign.pk,
        # The name goes into the audit notes: no control characters.
        "name": CONTROL_CHARACTERS.sub("", uploaded.name or "")[:200],
    }
    return token


def _campaign(raw):
    campaigns = list(Campaign.objects.only("id", "name"))
    return campaigns, pick_campaign(campaigns, raw)


@require_http_methods(["GET", "POST"])
@office_required
def import_ledger(request):
    """Upload → check → the row errors, or a preview with 确认导入 → apply."""
    campaigns, campaign = _campaign(request.POST.get("campaign") or request.GET.get("campaign"))
    context = {"campaigns": campaigns, "campaign": campaign}
    template = "spreadsheet/import.html"
    if request.method == "GET" or campaign is None:
        return render(request, template, context)

    if request.POST.get("confirm"):
        return _confirm(request, context, campaign)

    uploaded = request.FILES.get("file")
    if uploaded is None:
        context["failure"] = _("请选择要导入的 .xlsx 文件。")
        return render(request, template, context, status=422)
    if uploaded.size > settings.UPLOAD_MAX_BYTES:
        context["failure"] = _("文件过大。")
        return render(request, template, context, status=422)
    token = _keep_upload(request, uploaded, campaign)
    try:
        plan = plan_import(
            staging.opened(UPLOAD_DIR, token, ".xlsx"),
            campaign,
            filename=request.session[SESSION_KEY]["name"],
        )
    except ImportFailed as exc:
        staging.forget(UPLOAD_DIR, token, ".xlsx")
        context["failure"] = exc.message
        return render(request, template, context, status=422)
    context.update(plan=plan, token=token)
    if not plan.ok:
        staging.forget(UPLOAD_DIR, token, ".xlsx")
        return render(request, template, context, status=422)
    return render(request, template, context)


def _confirm(request, context, campaign):
    template = "spreadsheet/import.html"
    kept = request.session.get(SESSION_KEY) or {}
    token = request.POST.get("token", "")
    if not token or kept.get("token") != token or kept.get("campaign") != campaign.pk:
        context["failure"] = _("导入已失效,请重新上传文件。")
        return render(request, template, context, status=409)
    source = staging.opened(UPLOAD_DIR, token, ".xlsx")
    if source is None:
        context["failure"] = _("导入已失效,请重新上传文件。")
        return render(request, template, context, status=409)
    try:
        plan = plan_import(source, campaign, filename=kept.get("name", ""))
        if plan.ok and plan.fingerprint() != request.POST.get("fingerprint"):
            # The ledger moved since the preview: show what the file would do now.
            context.update(plan=plan, token=token)
            context["failure"] = _("预览之后台账已有变化,请核对新的预览后再确认。")
            return render(request, template, context, status=409)
        if plan.ok:
            apply_import(plan, request.user)
    except ImportFailed as exc:
        context["failure"] = exc.message
        return render(request, template, context, status=409)
    if not plan.ok:
        context.update(plan=plan)
        return render(request, template, context, status=422)
    staging.forget(UPLOAD_DIR, token, ".xlsx")
    request.session.pop(SESSION_KEY, None)
    context.update(plan=plan, applied=True)
    return render(request, template, context)
