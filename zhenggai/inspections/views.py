"""导入整改方案: upload a plan's task table, see what would be created, confirm.

The same three steps as the Excel ledger's import (spreadsheet/views.py): the upload is
kept outside the web root between the preview and the confirmation, and the
confirmation imports what was previewed or nothing (the file's digest is checked).
Only the office (整改办) may import.
"""

import hashlib
import secrets
import time
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

SESSION_KEY = "plan_import"
UPLOAD_DIR = "plan-imports"
UPLOAD_MAX_AGE = 24 * 3600
EXTENSIONS = (".docx", ".xlsx")
TEMPLATE = "inspections/plan_import.html"


def _folder() -> Path:
    folder = Path(settings.DATA_DIR) / UPLOAD_DIR
    folder.mkdir(parents=True, exist_ok=True)
    cutoff = time.time() - UPLOAD_MAX_AGE
    for old in folder.iterdir():
        try:
            if old.stat().st_mtime < cutoff:
                old.unlink()
        except OSError:
            pass
    return folder


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


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
    token = secrets.token_hex(16)
    path = _folder() / f"{token}{ext}"
    with open(path, "wb") as out:
        for chunk in uploaded.chunks():
            out.write(chunk)
    try:
        plan = read_plan(path)
    except PlanError as exc:
        path.unlink(missing_ok=True)
        context["failure"] = _("无法读取任务清单:{reason}").format(reason=exc)
        return render(request, TEMPLATE, context, status=422)
    checked = check_plan(plan)
    context.update(plan=plan, checked=checked, name=uploaded.name)
    if not checked.ok:
        path.unlink(missing_ok=True)
        return render(request, TEMPLATE, context, status=422)
    request.session[SESSION_KEY] = {
        "token": token,
        "ext": ext,
        "name": uploaded.name[:200],
        "campaign": target.pk if target else None,
    }
    context.update(token=token, digest=_digest(path))
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
    path = _folder() / f"{token}{kept.get('ext', '')}"
    if not path.exists() or _digest(path) != request.POST.get("digest"):
        context["failure"] = stale
        return render(request, TEMPLATE, context, status=409)
    try:
        plan = read_plan(path)
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
    path.unlink(missing_ok=True)
    request.session.pop(SESSION_KEY, None)
    context.update(summary=summary, applied=True)
    return render(request, TEMPLATE, context)
