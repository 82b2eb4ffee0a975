"""Pages of the rhythm: the office's overview (missing / late, ranked), schedules, and
supervision notices (督办单)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, F, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from zhenggai import access
from zhenggai.lib import clock
from zhenggai.rhythm.forms import NoticeForm, ReplyForm, ScheduleForm
from zhenggai.rhythm.models import DueReport, Schedule, SupervisionNotice
from zhenggai.rhythm.planner import deadline_level, due_level
from zhenggai.units.models import Unit


def _office_only(user):
    if not access.is_office(user):
        raise PermissionDenied


@login_required
def overview(request):
    """应报情况: every unit's missing and late reports, ranked; the open due reports with
    their lights. A fixed number of queries whatever the number of units."""
    if not access.reads_whole_ledger(request.user):
        raise PermissionDenied
    now = clock.now()
    user = request.user
    dues = DueReport.objects.visible_to(user)
    ranking = (
        access.units(user, Unit.objects.filter(due_reports__isnull=False))
        .annotate(
            n_due=Count("due_reports", filter=Q(due_reports__due_at__lt=now)),
            n_missing=Count(
                "due_reports",
                filter=Q(due_reports__fulfilled_at__isnull=True, due_reports__due_at__lt=now),
            ),
            n_late=Count(
                "due_reports", filter=Q(due_reports__fulfilled_at__gt=F("due_reports__due_at"))
            ),
        )
        .order_by("-n_missing", "-n_late", "position", "name")
    )
    open_due = (
        dues.open()
        .filter(period_start__lte=timezone.localdate(now))
        .select_related("schedule", "unit")
    )
    page = Paginator(open_due, 50).get_page(request.GET.get("page"))
    for due in page:
        due.light = due_level(due, now)
    return render(
        request,
        "rhythm/overview.html",
        {
            "ranking": ranking,
            "page": page,
            "schedules": access.by_campaign(user, Schedule.objects.select_related("campaign")),
            "n_missing": dues.missing(now).count(),
            "n_late": dues.late().count(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def schedule_new(request):
    _office_only(request.user)
    form = ScheduleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("报送安排已保存。"))
        return redirect("rhythm:overview")
    return render(request, "rhythm/schedule_form.html", {"form": form})


@login_required
def notices(request):
    if not access.reads_unit_pages(request.user):
        raise PermissionDenied
    qs = SupervisionNotice.objects.visible_to(request.user).select_related("unit", "task__finding")
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    today = clock.today()
    for notice in page:
        notice.light = "done" if notice.replied_at else deadline_level(notice.reply_due, today)
    return render(request, "rhythm/notices.html", {"page": page})


@login_required
@require_http_methods(["GET", "POST"])
def notice_new(request):
    if not access.issues_notices(request.user):
        raise PermissionDenied
    form = NoticeForm(
        request.POST or None, initial={"unit": request.GET.get("unit")}, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            notice = SupervisionNotice.issue(
                request.user, data["unit"], data["text"], data["reply_due"], task=data["task"]
            )
        except ValidationError as exc:
            form.add_error("task", exc)
        except PermissionError as exc:
            form.add_error("unit", str(exc))
        else:
            messages.success(request, _("督办单已签发。"))
            return redirect("rhythm:notice", notice.pk)
    return render(request, "rhythm/notice_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def notice_detail(request, pk):
    try:
        notice = (
            SupervisionNotice.objects.visible_to(request.user)
            .select_related("unit", "task__finding", "issued_by", "replied_by")
            .get(pk=pk)
        )
    except SupervisionNotice.DoesNotExist:
        raise Http404 from None
    form = ReplyForm(request.POST or None)
    if request.method == "POST":
        if not notice.can_reply(request.user):
            raise PermissionDenied
        if form.is_valid():
            try:
                notice.answer(request.user, form.cleaned_data["reply"])
            except ValidationError as exc:
                form.add_error("reply", exc)
            else:
                messages.success(request, _("回复已提交。"))
                return redirect("rhythm:notice", notice.pk)
    today = clock.today()
    light = "done" if notice.replied_at else deadline_level(notice.reply_due, today)
    return render(
        request,
        "rhythm/notice_detail.html",
        {
            "notice": notice,
            "form": form,
            "can_reply": notice.can_reply(request.user),
            "light": light,
        },
    )


@login_required
def notice_download(request, pk, kind):
    """The 督办单 as .docx / .pdf, for whoever may read the notice."""
    from zhenggai.documents.exports import CONTENT_TYPES
    from zhenggai.documents.gbt9704 import FontsMissing
    from zhenggai.documents.serve import serve
    from zhenggai.rhythm.documents import EXPORTERS

    if kind not in EXPORTERS:
        raise Http404
    try:
        notice = (
            SupervisionNotice.objects.visible_to(request.user)
            .select_related("unit", "task__finding__campaign")
            .get(pk=pk)
        )
    except SupervisionNotice.DoesNotExist:
        raise Http404 from None
    try:
        return serve(
            request,
            notice,
            kind,
            EXPORTERS[kind],
            CONTENT_TYPES[kind],
            f"zhenggai-notice-{notice.pk}.{kind}",
            public=False,
        )
    except FontsMissing as exc:
        messages.error(request, str(exc))
        return redirect("rhythm:notice", notice.pk)
