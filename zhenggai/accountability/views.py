"""Accountability pages (问责).

Read: 整改办, 纪委监委, 领导小组, 上级整改办 (and superusers); the rules are zhenggai.access. Write: 整改办 and 纪委监委.
A unit's people get 403 everywhere, anonymous users go to the login page. Every
create and change is audited with `record()`.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from zhenggai import access
from zhenggai.accountability.forms import RecordFilterForm, RecordForm
from zhenggai.accountability.models import Record, counts, phrase
from zhenggai.accounts.decorators import requires
from zhenggai.audit.models import record
from zhenggai.audit.models import snapshot as take_snapshot
from zhenggai.inspections.models import Campaign

PAGE_SIZE = 50


def _campaign(request):
    form = RecordFilterForm(request.GET or None)
    form.fields["campaign"].queryset = access.campaigns(request.user)
    campaign = None
    if form.is_valid():
        campaign = form.cleaned_data["campaign"]
    return form, campaign or access.campaigns(request.user).first()


@require_GET
@requires(access.reads_accountability)
def record_list(request):
    form, campaign = _campaign(request)
    records = Record.objects.select_related("unit", "item__finding", "finding").filter(
        campaign=campaign
    )
    if form.is_valid():
        if form.cleaned_data["form"]:
            records = records.filter(form=form.cleaned_data["form"])
        if form.cleaned_data["rank"]:
            records = records.filter(rank=form.cleaned_data["rank"])
    page = Paginator(records, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "accountability/list.html",
        {
            "form": form,
            "campaign": campaign,
            "page": page,
            "query": query.urlencode(),
            "can_write": access.writes_accountability(request.user),
        },
    )


@require_GET
@requires(access.reads_accountability)
def summary(request):
    form, campaign = _campaign(request)
    data = counts(campaign) if campaign else None
    if data:
        for row in data["by_form_and_rank"]:
            row["phrase"] = phrase(row)
    return render(
        request,
        "accountability/summary.html",
        {"form": form, "campaign": campaign, "data": data},
    )


@require_GET
@requires(access.reads_accountability)
def record_detail(request, pk):
    obj = get_object_or_404(
        access.by_campaign(
            request.user,
            Record.objects.select_related(
                "campaign", "unit", "item__finding", "finding", "recorded_by"
            ),
        ),
        pk=pk,
    )
    return render(
        request,
        "accountability/detail.html",
        {"record": obj, "can_write": access.writes_accountability(request.user)},
    )


@require_http_methods(["GET", "POST"])
@requires(access.writes_accountability)
def record_edit(request, pk=None):
    obj = get_object_or_404(access.kept(request.user, Record.objects.all()), pk=pk) if pk else None
    before = take_snapshot(obj, Record.AUDIT_FIELDS) if obj else {}
    form = RecordForm(request.POST or None, instance=obj)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            if obj is None:
                form.instance.recorded_by = request.user
            saved = form.save()
            after = take_snapshot(saved, Record.AUDIT_FIELDS)
            record(
                request.user,
                "accountability_update" if obj else "accountability_create",
                saved,
                before,
                after,
            )
        messages.success(request, _("问责记录已保存。"))
        return redirect("accountability:record", pk=saved.pk)
    if obj is None and not form.is_bound:
        first = Campaign.objects.first()
        if first:
            form.initial.setdefault("campaign", first.pk)
    return render(
        request,
        "accountability/form.html",
        {
            "form": form,
            "title": _("修改问责记录") if obj else _("登记问责记录"),
            "back": reverse("accountability:record", args=[obj.pk])
            if obj
            else reverse("accountability:records"),
        },
    )
