"""The office's pages for 意见建议: the list, one message with its triage actions, and the
form to log a message received by phone, e-mail, post or visit.

Who may read follows `Feedback.objects.visible_to`; outsiders get 404. The office
triages; leader, discipline commission and observer read only (403 on any change); a
unit reads what was handed to it and its liaison may answer it.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from zhenggai import access
from zhenggai.accounts.decorators import requires
from zhenggai.audit.models import AuditEntry, record
from zhenggai.feedback.forms import AssignForm, CloseForm, LinkForm, LogFeedbackForm, ReplyForm
from zhenggai.feedback.models import Channel, Feedback, Status
from zhenggai.tasks.models import Task
from zhenggai.tasks.workflow import WorkflowError
from zhenggai.units.models import Unit

PER_PAGE = 50

HISTORY_LABELS = {
    "feedback_receive": gettext_lazy("网上留言收到"),
    "feedback_log": gettext_lazy("登记"),
    "feedback_link": gettext_lazy("关联整改事项"),
    "feedback_assign": gettext_lazy("交办"),
    "feedback_reply": gettext_lazy("答复"),
    "feedback_close": gettext_lazy("办结"),
}


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def get_feedback_for(user, pk):
    """(feedback, may_triage, may_reply); 404 for whoever may not read it."""
    feedback = (
        Feedback.objects.visible_to(user)
        .select_related("campaign", "item__finding", "unit", "replied_by", "closed_by", "logged_by")
        .filter(pk=pk)
        .first()
    )
    if feedback is None:
        raise Http404
    return (
        feedback,
        access.triages_feedback(user, feedback),
        access.replies_to_feedback(user, feedback),
    )


@require_GET
@requires(access.reads_unit_pages)
def feedback_list(request):
    visible = Feedback.objects.visible_to(request.user)
    filters = {
        "status": request.GET.get("status") if request.GET.get("status") in Status.values else "",
        "channel": request.GET.get("channel")
        if request.GET.get("channel") in Channel.values
        else "",
        "unit": _int(request.GET.get("unit")),
        "item": _int(request.GET.get("item")),
    }
    chosen = visible
    if filters["status"]:
        chosen = chosen.filter(status=filters["status"])
    if filters["channel"]:
        chosen = chosen.filter(channel=filters["channel"])
    if filters["unit"]:
        chosen = chosen.filter(unit_id=filters["unit"])
    if filters["item"]:
        chosen = chosen.filter(item_id=filters["item"])
    page = Paginator(
        chosen.select_related("unit", "item__finding").defer("client_hash"), PER_PAGE
    ).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "feedback/list.html",
        {
            "page": page,
            "counts": visible.counts(),
            "filters": filters,
            "statuses": Status.choices,
            "channels": Channel.choices,
            # Only units and items that have feedback the user may see: short selects,
            # and no names of other units shown to a unit.
            "units": Unit.objects.filter(pk__in=visible.values("unit_id")),
            "items": Task.objects.filter(pk__in=visible.values("item_id")).select_related(
                "finding"
            ),
            "query": query.urlencode(),
            "may_log": access.triages_feedback(request.user),
        },
    )


def _detail(request, feedback, may_triage, may_reply, forms=None, error=None, status=200):
    forms = forms or {}
    initial = {"version": feedback.version}
    context = {
        "feedback": feedback,
        "may_triage": may_triage,
        "may_reply": may_reply and feedback.status != Status.CLOSED,
        # The sender's name and contact stay with the office and the readers above it:
        # a message about a unit is not handed to that unit with its author's name.
        "show_sender": access.reads_whole_ledger(request.user),
        "error": error,
        "history": [
            (entry, HISTORY_LABELS.get(entry.action, entry.action))
            for entry in AuditEntry.objects.filter(object_type="feedback", object_id=feedback.pk)
            .select_related("actor")
            .order_by("-at", "-id")
        ],
    }
    if may_triage and feedback.status != Status.CLOSED:
        context["link_form"] = forms.get("link") or LinkForm(
            initial={**initial, "item": feedback.item_id}, campaign_id=feedback.campaign_id
        )
        if feedback.status in (Status.NEW, Status.ASSIGNED):
            context["assign_form"] = forms.get("assign") or AssignForm(
                initial={**initial, "unit": feedback.unit_id}
            )
        context["close_form"] = forms.get("close") or CloseForm(initial=initial)
    if context["may_reply"] and (may_triage or feedback.status != Status.NEW):
        reply_form = forms.get("reply") or ReplyForm(
            initial={**initial, "reply": feedback.reply, "reply_public": feedback.reply_public}
        )
        if not may_triage:
            # Only the office publishes a reply.
            reply_form.fields.pop("reply_public", None)
        context["reply_form"] = reply_form
    return render(request, "feedback/detail.html", context, status=status)


@require_GET
@login_required
def feedback_detail(request, pk):
    feedback, may_triage, may_reply = get_feedback_for(request.user, pk)
    return _detail(request, feedback, may_triage, may_reply)


ACTIONS = {
    "link": (LinkForm, gettext_lazy("已关联整改事项。")),
    "assign": (AssignForm, gettext_lazy("已交办。")),
    "reply": (ReplyForm, gettext_lazy("已答复。")),
    "close": (CloseForm, gettext_lazy("已办结。")),
}


@require_POST
@login_required
def feedback_action(request, pk, action):
    if action not in ACTIONS:
        raise Http404
    feedback, may_triage, may_reply = get_feedback_for(request.user, pk)
    if not (may_reply if action == "reply" else may_triage):
        raise PermissionDenied
    form_class, done = ACTIONS[action]
    kwargs = {"campaign_id": feedback.campaign_id} if action == "link" else {}
    form = form_class(request.POST, **kwargs)
    if not form.is_valid():
        return _detail(request, feedback, may_triage, may_reply, forms={action: form}, status=400)
    data, user = form.cleaned_data, request.user
    try:
        if action == "link":
            feedback.link_to_item(user, data["item"], version=data["version"])
        elif action == "assign":
            feedback.assign_to_unit(user, data["unit"], version=data["version"])
        elif action == "reply":
            feedback.answer(
                user, data["reply"], public=data.get("reply_public"), version=data["version"]
            )
        else:
            feedback.close(user, data["note"], version=data["version"])
    except WorkflowError as exc:
        return _detail(
            request,
            feedback,
            may_triage,
            may_reply,
            forms={action: form},
            error=exc.message,
            status=exc.status_code,
        )
    messages.success(request, done)
    return redirect("feedback_detail", pk=feedback.pk)


@require_http_methods(["GET", "POST"])
@login_required
def feedback_new(request):
    if not access.triages_feedback(request.user):
        raise PermissionDenied
    form = LogFeedbackForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            feedback = form.save(commit=False)
            feedback.logged_by = request.user
            feedback.save()
            record(
                request.user,
                "feedback_log",
                feedback,
                {},
                {"channel": feedback.channel, "item": feedback.item},
            )
        messages.success(request, _("已登记意见建议 %(ref)s。") % {"ref": feedback.reference})
        return redirect("feedback_detail", pk=feedback.pk)
    return render(request, "feedback/new.html", {"form": form}, status=400 if form.errors else 200)
