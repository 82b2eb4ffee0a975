"""Pages for meetings (会议) and documents (文件).

Reading: any logged-in user, for the campaigns they may see (`access.campaigns`);
anything else is 404. Writing: 整改办 only (403). Every write is audited.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from zhenggai import access
from zhenggai.accounts.decorators import office_required
from zhenggai.audit.models import record, snapshot
from zhenggai.meetings.forms import DocumentForm, MeetingFilterForm, MeetingForm, VersionForm
from zhenggai.meetings.models import (
    Document,
    DocumentKind,
    DocumentVersion,
    Meeting,
    MeetingKind,
    counts,
    sentence,
)
from zhenggai.reporting.downloads import attachment
from zhenggai.reporting.models import FileRejected
from zhenggai.tasks.models import Task


@require_GET
@login_required
def meeting_list(request):
    campaigns = access.campaigns(request.user)
    form = MeetingFilterForm(request.GET or None, campaigns=campaigns)
    meetings = Meeting.objects.filter(campaign__in=campaigns).select_related("campaign")
    campaign = None
    if form.is_valid():
        campaign = form.cleaned_data["campaign"]
        if campaign:
            meetings = meetings.filter(campaign=campaign)
        if form.cleaned_data["kind"]:
            meetings = meetings.filter(kind=form.cleaned_data["kind"])
    if campaign is None:
        campaign = campaigns.first()
    summary = None
    if campaign is not None:
        numbers = counts(campaign)
        summary = {
            "campaign": campaign,
            "rows": [(kind.label, numbers[kind.value]) for kind in MeetingKind],
            "total": sum(numbers.values()),
            "sentence": sentence(campaign),
        }
    return render(
        request,
        "meetings/meeting_list.html",
        {"form": form, "meetings": meetings, "summary": summary},
    )


@require_GET
@login_required
def meeting_detail(request, pk):
    meeting = get_object_or_404(
        Meeting.objects.visible_to(request.user).select_related("campaign", "created_by"), pk=pk
    )
    tasks = (
        Task.objects.visible_to(request.user)
        .filter(meetings=meeting)
        .select_related("finding", "lead_unit")
    )
    return render(
        request,
        "meetings/meeting_detail.html",
        {
            "meeting": meeting,
            "tasks": tasks,
            "participants": meeting.participants.all(),
        },
    )


@require_http_methods(["GET", "POST"])
@office_required
def meeting_edit(request, pk=None):
    meeting = (
        get_object_or_404(access.kept(request.user, Meeting.objects.all()), pk=pk) if pk else None
    )
    before = snapshot(meeting, Meeting.AUDIT_FIELDS) if meeting else {}
    form = MeetingForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            if meeting is None:
                form.instance.created_by = request.user
            saved = form.save()
            after = snapshot(saved, Meeting.AUDIT_FIELDS)
            record(
                request.user,
                "meeting_update" if meeting else "meeting_create",
                saved,
                before,
                after,
            )
        messages.success(request, _("会议已保存。"))
        return redirect("meetings:meeting", pk=saved.pk)
    if meeting is None and not form.is_bound:
        form.initial.setdefault("kind", request.GET.get("kind") or MeetingKind.ROUTINE)
    return render(
        request,
        "meetings/form.html",
        {
            "form": form,
            "title": _("修改会议") if meeting else _("登记会议"),
            "back": reverse("meetings:meeting", args=[meeting.pk])
            if meeting
            else reverse("meetings:meetings"),
        },
    )


@require_GET
@login_required
def document_list(request):
    documents = (
        Document.objects.visible_to(request.user)
        .select_related("campaign")
        .prefetch_related("versions")
    )
    kind = request.GET.get("kind", "")
    if kind in DocumentKind.values:
        documents = documents.filter(kind=kind)
    rows = []
    for doc in documents:
        versions = list(doc.versions.all())  # prefetched, newest first
        rows.append({"doc": doc, "latest": versions[0] if versions else None, "n": len(versions)})
    return render(
        request,
        "meetings/document_list.html",
        {"rows": rows, "kinds": DocumentKind.choices, "kind": kind},
    )


@require_GET
@login_required
def document_detail(request, pk):
    document = get_object_or_404(
        Document.objects.visible_to(request.user).select_related("campaign"), pk=pk
    )
    versions = list(document.versions.select_related("uploaded_by"))
    return render(
        request,
        "meetings/document_detail.html",
        {
            "document": document,
            "versions": versions,
            "latest": versions[0] if versions else None,
            "form": VersionForm() if request.user.is_office else None,
        },
    )


@require_http_methods(["GET", "POST"])
@office_required
def document_new(request):
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                form.instance.created_by = request.user
                document = form.save()
                record(
                    request.user,
                    "document_create",
                    document,
                    {},
                    snapshot(document, Document.AUDIT_FIELDS),
                )
                DocumentVersion.add(
                    request.user, document, form.cleaned_data["file"], form.cleaned_data["note"]
                )
        except FileRejected as exc:
            form.add_error("file", str(exc))
        else:
            messages.success(request, _("文件已登记。"))
            return redirect("meetings:document", pk=document.pk)
    return render(
        request,
        "meetings/form.html",
        {
            "form": form,
            "title": _("登记文件"),
            "back": reverse("meetings:documents"),
            "multipart": True,
        },
    )


@require_http_methods(["POST"])
@office_required
def version_new(request, pk):
    document = get_object_or_404(access.kept(request.user, Document.objects.all()), pk=pk)
    form = VersionForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            DocumentVersion.add(
                request.user, document, form.cleaned_data["file"], form.cleaned_data["note"]
            )
        except FileRejected as exc:
            form.add_error("file", str(exc))
        else:
            messages.success(request, _("新版本已上传,旧版本仍予保留。"))
            return redirect("meetings:document", pk=document.pk)
    versions = list(document.versions.select_related("uploaded_by"))
    return render(
        request,
        "meetings/document_detail.html",
        {
            "document": document,
            "versions": versions,
            "latest": versions[0] if versions else None,
            "form": form,
        },
        status=400,
    )


@require_GET
@login_required
def version_download(request, pk, vid):
    document = get_object_or_404(Document.objects.visible_to(request.user), pk=pk)
    version = get_object_or_404(DocumentVersion, pk=vid, document=document)
    return attachment(version.file, version.original_name, version.content_type)
