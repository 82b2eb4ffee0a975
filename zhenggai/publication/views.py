"""Office pages (/publication/…, 整改办 only) and public pages (/public/…, no login)."""

from django.apps import apps
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhenggai import access
from zhenggai.accounts.decorators import office_required
from zhenggai.documents.gbt9704 import FontsMissing
from zhenggai.documents.serve import serve
from zhenggai.lib import confirm
from zhenggai.publication import exports
from zhenggai.publication.forms import ReportForm
from zhenggai.publication.models import PublicReport, ReportFrozen
from zhenggai.publication.render import report_blocks
from zhenggai.tasks.workflow import WorkflowError


def _report_context(report) -> dict:
    feedback_enabled = apps.is_installed("zhenggai.feedback")
    replies = {}
    if feedback_enabled:
        # The replies the office chose to publish, shown under their items (one query).
        from zhenggai.feedback.public import public_replies_for

        replies = public_replies_for(task for task, _label, _title in report.items if task)
    return {
        "report": report,
        "rows": [(b, replies.get(b.task, [])) for b in report_blocks(report)],
        "items": report.items,
        # The public feedback box (zhenggai.feedback) hooks in here when installed.
        "feedback_enabled": feedback_enabled,
    }


# --- office ---------------------------------------------------------------------------


@office_required
def office_list(request):
    reports = PublicReport.objects.select_related("campaign", "published_by").order_by(
        "campaign", "-number"
    )
    campaigns = access.kept_campaigns(request.user)
    return render(
        request, "publication/office_list.html", {"reports": reports, "campaigns": campaigns}
    )


@office_required
@require_POST
def new_draft(request):
    raw = request.POST.get("campaign") or ""
    # Only a number can name a campaign: anything else is not found, not a crash.
    campaign = get_object_or_404(
        access.kept_campaigns(request.user), pk=int(raw) if raw.isascii() and raw.isdigit() else 0
    )
    existing = PublicReport.objects.drafts().filter(campaign=campaign).first()
    if existing is not None:
        messages.info(request, _("该整改工作已有一份草稿,请在此基础上修改。"))
        return redirect("publication:edit", pk=existing.pk)
    try:
        report = PublicReport.create_draft(campaign, request.user)
    except WorkflowError as exc:
        messages.error(request, str(exc))
        return redirect("publication:list")
    messages.success(request, _("已根据当前台账生成报告草稿。"))
    return redirect("publication:edit", pk=report.pk)


@office_required
def edit(request, pk):
    report = get_object_or_404(access.kept(request.user, PublicReport.objects.all()), pk=pk)
    if report.is_published:
        messages.error(request, _("已发布的报告不能修改。"))
        return redirect("publication:preview", pk=report.pk)
    form = ReportForm(request.POST or None, instance=report)
    if request.method == "POST" and form.is_valid():
        try:
            form.save()
        except ReportFrozen as exc:
            messages.error(request, str(exc))
            return redirect("publication:preview", pk=report.pk)
        messages.success(request, _("草稿已保存。"))
        return redirect("publication:preview", pk=report.pk)
    return render(request, "publication/edit.html", {"report": report, "form": form})


@office_required
def preview(request, pk):
    report = get_object_or_404(
        access.kept(request.user, PublicReport.objects.select_related("campaign")), pk=pk
    )
    return render(request, "publication/preview.html", _report_context(report))


@office_required
@require_POST
def refresh(request, pk):
    report = get_object_or_404(
        access.kept(request.user, PublicReport.objects.select_related("campaign")), pk=pk
    )
    try:
        report.recompose(request.user)
    except ReportFrozen as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已按当前台账重新生成第二部分。"))
    return redirect("publication:preview", pk=report.pk)


@office_required
@require_POST
def publish(request, pk):
    report = get_object_or_404(access.kept(request.user, PublicReport.objects.all()), pk=pk)
    if not report.is_published and (
        page := confirm.ask(
            request,
            title=_("发布"),
            subject=str(report),
            consequences=[
                _("报告即时出现在公开页面上,任何人无需登录即可阅读和下载;"),
                _("报告内容固定,不能再修改或撤回;如需更新,只能另起新一期。"),
            ],
            back=reverse("publication:preview", args=[report.pk]),
        )
    ):
        return page
    try:
        report.publish(request.user)
    except (WorkflowError, FontsMissing) as exc:
        messages.error(request, str(exc))
        return redirect("publication:preview", pk=report.pk)
    messages.success(request, _("报告已发布。"))
    return redirect("publication:public_detail", pk=report.pk)


# --- public ---------------------------------------------------------------------------


def _published(pk):
    # Drafts do not exist for the public: 404, not 403.
    return get_object_or_404(PublicReport.objects.published(), pk=pk)


def public_list(request):
    reports = (
        PublicReport.objects.published()
        .select_related("campaign")
        .only("pk", "number", "title", "issuer", "issue_date", "published_at", "campaign__name")
        .order_by("-published_at", "-id")
    )
    return render(request, "publication/public_list.html", {"reports": reports})


def public_detail(request, pk):
    return render(request, "publication/public_detail.html", _report_context(_published(pk)))


def public_download(request, pk, kind):
    if kind not in exports.EXPORTERS:
        raise Http404
    report = _published(pk)
    try:
        return serve(
            request,
            report,
            kind,
            exports.EXPORTERS[kind],
            exports.CONTENT_TYPES[kind],
            f"zhenggai-report-{report.pk}.{kind}",
            inline=kind == "txt",
        )
    except FontsMissing:
        # Only a version published before files were stored renders here; without its
        # fonts the public gets a clear 503, never blank boxes.
        return HttpResponse(
            _("文件暂时无法生成,请稍后再试。"), status=503, content_type="text/plain; charset=utf-8"
        )
