"""The public side: the feedback form (no login) and the thank-you page.

Whatever goes wrong on the public side answers with a plain page that says what to do,
with the right status — 400 for a refused form, 429 for too many messages — never an
error page or a 500.
"""

from django.core import signing
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import select_template
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from zhenggai.audit.models import record
from zhenggai.feedback.abuse import client_hash, lock_address, over_limit
from zhenggai.feedback.forms import PublicFeedbackForm
from zhenggai.feedback.models import Channel, Feedback
from zhenggai.feedback.public import (
    default_campaign_id,
    public_item,
    published_report,
)

THANKS_SALT = "zhenggai.feedback.thanks"
THANKS_MAX_AGE = 24 * 3600


def _public_base():
    # The public report's own frame when the publication app provides one, so that the
    # form looks like the page it was reached from; the application's frame otherwise.
    return select_template(["publication/public_base.html", "base.html"])


def _render(request, template, context, status=200):
    return render(request, template, {**context, "public_base": _public_base()}, status=status)


def _item_choice(task):
    return (task.pk, task.finding.label, task.finding.title)


def _form_page(request, report, item, form, status=200):
    return _render(
        request,
        "feedback/public_form.html",
        {
            "report": report,
            "items": [_item_choice(item)] if item else [],
            "selected_item": item.pk if item else None,
            "feedback_form": form,
        },
        status=status,
    )


def _notice(request, status, title, text):
    return _render(
        request, "feedback/public_notice.html", {"title": title, "text": text}, status=status
    )


@require_http_methods(["GET", "POST"])
def public_form(request):
    source = request.GET if request.method == "GET" else request.POST
    report = published_report(source.get("report"))
    item = public_item(source.get("item"), report)
    if request.method == "GET":
        return _form_page(request, report, item, PublicFeedbackForm())

    form = PublicFeedbackForm(request.POST)
    if form.honeypot_filled():
        return _notice(
            request,
            400,
            _("提交未成功"),
            _("您的留言未能提交。请返回留言页面,只填写页面上显示的内容后重新提交。"),
        )
    if not form.is_valid():
        return _form_page(request, report, item, form, status=400)

    if report is not None:
        campaign_id = report.campaign_id
    elif item is not None:
        campaign_id = item.finding.campaign_id
    else:
        campaign_id = default_campaign_id()
    if campaign_id is None:
        return _notice(
            request, 404, _("暂未开放留言"), _("目前没有公开的整改情况,暂不接受网上留言。")
        )

    hashed = client_hash(request)
    feedback = None
    with transaction.atomic():
        lock_address(hashed)
        if not over_limit(hashed):
            data = form.cleaned_data
            feedback = Feedback.objects.create(
                campaign_id=campaign_id,
                report=report,
                item=item,
                channel=Channel.WEB,
                message=data["message"],
                name=data["name"],
                contact=data["contact"],
                client_hash=hashed,
            )
            record(None, "feedback_receive", feedback, {}, {"channel": Channel.WEB, "item": item})
    if feedback is None:
        return _notice(
            request,
            429,
            _("提交过于频繁"),
            _(
                "同一来源在短时间内提交的留言过多,请稍后再试。如情况紧急,也可通过电话、信件等方式向我们反映。"
            ),
        )
    token = signing.dumps(feedback.pk, salt=THANKS_SALT)
    return redirect("feedback_thanks", token=token)


@require_GET
def public_thanks(request, token):
    # The id is signed so that the page cannot be walked to learn how many messages came in.
    try:
        pk = signing.loads(token, salt=THANKS_SALT, max_age=THANKS_MAX_AGE)
    except signing.BadSignature:
        raise Http404 from None
    feedback = Feedback.objects.filter(pk=pk).only("pk", "received_at").first()
    if feedback is None:
        raise Http404
    return _render(request, "feedback/public_thanks.html", {"feedback": feedback})
