from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from zhenggai import access
from zhenggai.accounts.decorators import requires
from zhenggai.inbox import actions
from zhenggai.inbox.channels import mask_secret, mask_url
from zhenggai.inbox.forms import ChannelForm, MandatoryForm, PreferencesForm
from zhenggai.inbox.models import Channel, Notification, WebhookDelivery
from zhenggai.inbox.preferences import (
    inherited_mandatory_kinds,
    own_mandatory_kinds,
    table_for,
)
from zhenggai.lib import clock


@login_required
def inbox(request):
    qs = Notification.objects.for_user(request.user)
    if request.GET.get("unread"):
        qs = qs.unread()
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request, "inbox/list.html", {"page": page, "unread_only": bool(request.GET.get("unread"))}
    )


@login_required
@require_POST
def mark_read(request, pk):
    # Someone else's message is not found, not forbidden: its existence is not shown.
    note = get_object_or_404(Notification, pk=pk, user=request.user)
    if note.read_at is None:
        Notification.objects.filter(pk=note.pk, read_at__isnull=True).update(read_at=clock.now())
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return redirect(target)
    return redirect("inbox:list")


@login_required
@require_POST
def mark_all_read(request):
    Notification.objects.for_user(request.user).unread().update(read_at=clock.now())
    return redirect("inbox:list")


# -- preferences: every signed-in user, for themselves -------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request):
    table = table_for(request.user)
    form = PreferencesForm(request.POST or None, table=table)
    if request.method == "POST" and form.is_valid():
        changed = actions.set_preferences(request.user, form.cleaned_data)
        if changed:
            messages.success(request, _("消息设置已保存。"))
        else:
            messages.info(request, _("消息设置没有变化。"))
        return redirect("inbox:preferences")
    rows = [{**row, "field": form[row["kind"]] if not row["mandatory"] else None} for row in table]
    return render(
        request,
        "inbox/preferences.html",
        {"form": form, "rows": rows, "has_email": bool(request.user.email)},
    )


# -- channels: the office ------------------------------------------------------------------


@requires(access.is_office)
def channel_list(request):
    channels = list(
        access.channels(request.user, Channel.objects.select_related("unit")).annotate(
            n_pending=Count(
                "deliveries", filter=Q(deliveries__status=WebhookDelivery.Status.PENDING)
            ),
            n_sent=Count("deliveries", filter=Q(deliveries__status=WebhookDelivery.Status.SENT)),
            n_failed=Count(
                "deliveries", filter=Q(deliveries__status=WebhookDelivery.Status.FAILED)
            ),
        )
    )
    for channel in channels:
        channel.masked_url = mask_url(channel.url)
        channel.masked_secret = mask_secret(channel.secret)
    # What did not go out, or is not going out: failed messages, and pending ones that
    # have failed at least once.
    troubled = (
        WebhookDelivery.objects.filter(
            channel__in=access.channels(request.user, Channel.objects.all()).values("pk")
        )
        .filter(
            Q(status=WebhookDelivery.Status.FAILED)
            | Q(status=WebhookDelivery.Status.PENDING, attempts__gt=0)
        )
        .select_related("channel")
        .order_by("-created_at", "-pk")[:50]
    )
    return render(
        request,
        "inbox/channels.html",
        {
            "channels": channels,
            "troubled": troubled,
            # The office sets 必达 for its own organisation and those below it; what an
            # organisation above set binds it too and is shown, not offered.
            "mandatory_form": MandatoryForm(
                initial={"kinds": sorted(own_mandatory_kinds(request.user.organisation))}
            ),
            "inherited_mandatory": inherited_mandatory_kinds(request.user.organisation),
        },
    )


@requires(access.is_office)
@require_http_methods(["GET", "POST"])
def channel_new(request):
    form = ChannelForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        actions.save_channel(request.user, None, **form.changes())
        messages.success(request, _("推送渠道已添加。"))
        return redirect("inbox:channels")
    return render(request, "inbox/channel_form.html", {"form": form, "channel": None})


@requires(access.is_office)
@require_http_methods(["GET", "POST"])
def channel_edit(request, pk):
    channel = get_object_or_404(
        access.channels(request.user, Channel.objects.select_related("unit")), pk=pk
    )
    form = ChannelForm(request.POST or None, channel=channel, user=request.user)
    if request.method == "POST" and form.is_valid():
        actions.save_channel(request.user, channel, **form.changes())
        messages.success(request, _("推送渠道已保存。"))
        return redirect("inbox:channels")
    return render(request, "inbox/channel_form.html", {"form": form, "channel": channel})


@requires(access.is_office)
@require_POST
def delivery_retry(request, pk):
    delivery = get_object_or_404(
        WebhookDelivery.objects.select_related("channel").filter(
            channel__in=access.channels(request.user, Channel.objects.all()).values("pk")
        ),
        pk=pk,
    )
    if actions.retry_delivery(request.user, delivery):
        messages.success(request, _("该消息将在下一轮重新发送。"))
    else:
        messages.info(request, _("该消息不是发送失败状态,无需重发。"))
    return redirect("inbox:channels")


@requires(access.is_office)
@require_POST
def mandatory(request):
    form = MandatoryForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("所选消息类型无效。"))
        return redirect("inbox:channels")
    actions.set_mandatory(request.user, form.cleaned_data["kinds"], request.user.organisation)
    messages.success(request, _("必达消息类型已保存。"))
    return redirect("inbox:channels")
