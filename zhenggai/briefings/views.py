"""Briefings and reports (/briefings/…): drafts for the office; issued ones for every
role that reads the whole ledger; units get 403."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhenggai import access
from zhenggai.accounts.decorators import office_required, whole_ledger_required
from zhenggai.briefings import exports
from zhenggai.briefings.forms import BriefingForm, NewBriefingForm
from zhenggai.briefings.models import Briefing, BriefingFrozen, two_month_period
from zhenggai.briefings.render import briefing_document
from zhenggai.documents.gbt9704 import FontsMissing, laid_out
from zhenggai.documents.serve import serve
from zhenggai.lib import clock, confirm
from zhenggai.tasks.workflow import WorkflowError


def _readable(request, pk):
    # A draft does not exist for those who may not see it: 404, not 403.
    return get_object_or_404(
        Briefing.objects.visible_to(request.user).select_related("campaign", "issued_by"), pk=pk
    )


@whole_ledger_required
def briefing_list(request):
    briefings = (
        Briefing.objects.visible_to(request.user)
        .select_related("campaign", "issued_by")
        .defer("content", "text", "progress", "changes", "problems")
        .order_by("campaign", "kind", "-number")
    )
    form = None
    if request.user.is_office:
        form = NewBriefingForm(campaigns=access.kept_campaigns(request.user), today=clock.today())
    return render(request, "briefings/list.html", {"briefings": briefings, "form": form})


@office_required
@require_POST
def new_draft(request):
    form = NewBriefingForm(
        request.POST, campaigns=access.kept_campaigns(request.user), today=clock.today()
    )
    if not form.is_valid():
        briefings = Briefing.objects.select_related("campaign").order_by("campaign", "kind")
        return render(
            request, "briefings/list.html", {"briefings": briefings, "form": form}, status=422
        )
    campaign, kind = form.cleaned_data["campaign"], form.cleaned_data["kind"]
    period = form.cleaned_data.get("period") or two_month_period(campaign, clock.today())
    if period is None:
        messages.error(request, _("该整改工作没有巡视反馈日期,无法确定两个月的期限。"))
        return redirect("briefings:list")
    try:
        briefing = Briefing.create_draft(campaign, kind, *period, request.user)
    except WorkflowError as exc:
        messages.error(request, str(exc))
        return redirect("briefings:list")
    messages.success(request, _("已根据台账起草,请修改后印发。"))
    return redirect("briefings:edit", pk=briefing.pk)


@office_required
def edit(request, pk):
    briefing = get_object_or_404(
        access.kept(request.user, Briefing.objects.select_related("campaign")), pk=pk
    )
    if briefing.is_issued:
        messages.error(request, _("已印发的简报不能修改。"))
        return redirect("briefings:preview", pk=briefing.pk)
    form = BriefingForm(request.POST or None, instance=briefing)
    if request.method == "POST" and form.is_valid():
        try:
            form.save()
        except BriefingFrozen as exc:
            messages.error(request, str(exc))
            return redirect("briefings:preview", pk=briefing.pk)
        messages.success(request, _("草稿已保存。"))
        return redirect("briefings:preview", pk=briefing.pk)
    return render(request, "briefings/edit.html", {"briefing": briefing, "form": form})


@whole_ledger_required
def preview(request, pk):
    briefing = _readable(request, pk)
    return render(
        request,
        "briefings/preview.html",
        {"briefing": briefing, "blocks": laid_out(briefing_document(briefing))},
    )


@office_required
@require_POST
def issue(request, pk):
    briefing = get_object_or_404(access.kept(request.user, Briefing.objects.all()), pk=pk)
    if not briefing.is_issued and (
        page := confirm.ask(
            request,
            title=_("印发"),
            subject=str(briefing),
            consequences=[
                _("简报内容即时固定,此后不能再修改,也不能撤回;"),
                _("可查看全部台账的各方即可查阅和下载该简报。"),
            ],
            back=reverse("briefings:preview", args=[briefing.pk]),
        )
    ):
        return page
    try:
        briefing.issue(request.user)
    except (WorkflowError, FontsMissing) as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已印发。"))
    return redirect("briefings:preview", pk=briefing.pk)


@whole_ledger_required
def download(request, pk, kind):
    if kind not in ("docx", "pdf"):
        raise Http404
    briefing = _readable(request, pk)
    name = f"zhenggai-{briefing.kind}-{briefing.number}.{kind}"
    if briefing.is_issued:
        # Issued: the files rendered when it was issued, byte for byte.
        return serve(
            request,
            briefing,
            kind,
            exports.EXPORTERS[kind],
            exports.CONTENT_TYPES[kind],
            name,
            public=False,
        )
    try:
        data = exports.export(briefing, kind)
    except FontsMissing as exc:
        messages.error(request, str(exc))
        return redirect("briefings:preview", pk=briefing.pk)
    response = HttpResponse(data, content_type=exports.CONTENT_TYPES[kind])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
