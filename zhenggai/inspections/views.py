"""导入整改方案: upload a plan's task table, see what would be created, confirm.

The same three steps as the Excel ledger's import (spreadsheet/views.py): the upload is
kept outside the web root between the preview and the confirmation, and the
confirmation imports what was previewed or nothing (the file's digest is checked).
Only the office (整改办) may import.
"""

import hashlib
from pathlib import Path

from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from reportparser.plan import PlanError, read_plan
from zhenggai.accounts.decorators import office_required
from zhenggai.inspections.importer import LedgerImportError
from zhenggai.inspections.models import Campaign
from zhenggai.inspections.plan_import import check_plan, import_plan, plan_text
from zhenggai.lib import staging

SESSION_KEY = "plan_import"
UPLOAD_DIR = "plan-imports"
EXTENSIONS = (".docx", ".xlsx")
TEMPLATE = "inspections/plan_import.html"


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _target(raw, campaigns):
    try:
        wanted = int(raw)
    except (TypeError, ValueError):
        return None
    return next((c for c in campaigns if c.pk == wanted), None)


@require_http_methods(["GET", "POST"])
@office_required
def import_plan_view(request):
    campaigns = list(Campaign.objects.only("id", "name"))
    target = _target(request.POST.get("campaign") or request.GET.get("campaign"), campaigns)
    context = {"campaigns": campaigns, "target": target}
    if request.method == "GET":
        return render(request, TEMPLATE, context)
    if request.POST.get("confirm"):
        return _confirm(request, context, target)

    uploaded = request.FILES.get("file")
    if uploaded is None:
        context["failure"] = _("请选择要导入的整改方案(.docx 或 .xlsx)。")
        return render(request, TEMPLATE, context, status=422)
    ext = Path(uploaded.name).suffix.lower()
    if ext not in EXTENSIONS:
        context["failure"] = _("整改方案须为 .docx 或 .xlsx 文件。")
        return render(request, TEMPLATE, context, status=422)
    if uploaded.size > settings.UPLOAD_MAX_BYTES:
        context["failure"] = _("文件过大。")
        return render(request, TEMPLATE, context, status=422)
    token = staging.keep(UPLOAD_DIR, uploaded, ext)
    content = staging.read(UPLOAD_DIR, token, ext) or b""
    try:
        plan = read_plan(f"{token}{ext}", content)
    except PlanError as exc:
        staging.forget(UPLOAD_DIR, token, ext)
        context["failure"] = _("无法读取任务清单:{reason}").format(reason=exc)
        return render(request, TEMPLATE, context, status=422)
    checked = check_plan(plan)
    context.update(plan=plan, checked=checked, name=uploaded.name)
    if not checked.ok:
        staging.forget(UPLOAD_DIR, token, ext)
        return render(request, TEMPLATE, context, status=422)
    request.session[SESSION_KEY] = {
        "token": token,
        "ext": ext,
        "name": uploaded.name[:200],
        "campaign": target.pk if target else None,
    }
    context.update(token=token, digest=_digest(content))
    return render(request, TEMPLATE, context)


def _confirm(request, context, target):
    kept = request.session.get(SESSION_KEY) or {}
    token = request.POST.get("token", "")
    stale = _("导入已失效,请重新上传文件。")
    if (
        not token
        or kept.get("token") != token
        or kept.get("campaign") != (target.pk if target else None)
    ):
        context["failure"] = stale
        return render(request, TEMPLATE, context, status=409)
    ext = kept.get("ext", "")
    content = staging.read(UPLOAD_DIR, token, ext)
    if content is None or _digest(content) != request.POST.get("digest"):
        context["failure"] = stale
        return render(request, TEMPLATE, context, status=409)
    try:
        plan = read_plan(f"{token}{ext}", content)
        summary = import_plan(
            plan,
            filename=kept.get("name", ""),
            text=plan_text(plan),
            user=request.user,
            campaign=target,
        )
    except (PlanError, LedgerImportError) as exc:
        context["failure"] = _("导入失败,未写入任何数据:{reason}").format(reason=exc)
        return render(request, TEMPLATE, context, status=422)
    staging.forget(UPLOAD_DIR, token, ext)
    request.session.pop(SESSION_KEY, None)
    context.update(summary=summary, applied=True)
    return render(request, TEMPLATE, context)
