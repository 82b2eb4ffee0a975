from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhenggai import access
from zhenggai.feedback.abuse import HONEYPOT
from zhenggai.feedback.models import (
    CONTACT_MAX,
    MESSAGE_MAX,
    NAME_MAX,
    REPLY_MAX,
    Channel,
    Feedback,
)
from zhenggai.lib.inputs import CleanInputs
from zhenggai.tasks.models import Task
from zhenggai.units.models import Unit


class TextField(forms.CharField):
    """Browsers send a textarea's line breaks as CRLF but count them as one character
    against `maxlength`: normalise first, so the server's limit is the one the page
    showed."""

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n").replace("\r", "\n") if value else value


class PublicFeedbackForm(CleanInputs, forms.Form):
    message = TextField(
        label=_("意见建议"),
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": _("请填写意见建议内容。"),
            "max_length": _("意见建议内容不能超过 %(limit_value)d 字(当前 %(show_value)d 字)。"),
        },
    )
    name = forms.CharField(
        label=_("姓名(可不填)"),
        max_length=NAME_MAX,
        required=False,
        error_messages={"max_length": _("姓名不能超过 %(limit_value)d 字。")},
    )
    contact = forms.CharField(
        label=_("联系方式(可不填)"),
        max_length=CONTACT_MAX,
        required=False,
        error_messages={"max_length": _("联系方式不能超过 %(limit_value)d 字。")},
    )
    # Resolved by the view against what is published, never trusted as given.
    report = forms.CharField(required=False, max_length=20)
    item = forms.CharField(required=False, max_length=20)
    # The honeypot: hidden from people by CSS, filled in by naive robots.
    website = forms.CharField(required=False, max_length=200)

    def honeypot_filled(self) -> bool:
        return bool((self.data.get(HONEYPOT) or "").strip())


class LogFeedbackForm(CleanInputs, forms.ModelForm):
    """What the office types in when a message arrives by phone, e-mail, post or visit."""

    message = TextField(
        label=_("意见建议内容"), max_length=MESSAGE_MAX, widget=forms.Textarea(attrs={"rows": 6})
    )

    class Meta:
        model = Feedback
        fields = ["campaign", "channel", "received_at", "message", "name", "contact", "item"]
        widgets = {
            "received_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channel"].choices = [c for c in Channel.choices if c[0] != Channel.WEB]
        # Only the campaigns (and their items) the office's own organisation keeps.
        kept = access.kept_campaigns(user)
        self.fields["campaign"].queryset = kept.order_by("-pk")
        self.fields["item"].queryset = access.kept(
            user, Task.objects.select_related("finding"), "finding__campaign"
        )
        self.fields["received_at"].initial = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
        campaigns = list(self.fields["campaign"].queryset[:2])
        if len(campaigns) == 1:
            self.fields["campaign"].initial = campaigns[0].pk

    def clean(self):
        data = super().clean()
        item, campaign = data.get("item"), data.get("campaign")
        if item is not None and campaign is not None and item.finding.campaign_id != campaign.pk:
            self.add_error("item", _("所选事项不属于该整改工作。"))
        return data


class LinkForm(CleanInputs, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    item = forms.ModelChoiceField(
        label=_("相关整改事项"), queryset=Task.objects.none(), required=False
    )

    def __init__(self, *args, campaign_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = Task.objects.filter(
            finding__campaign_id=campaign_id
        ).select_related("finding")


class AssignForm(CleanInputs, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    unit = forms.ModelChoiceField(label=_("交办单位"), queryset=Unit.objects.filter(is_active=True))


class ReplyForm(CleanInputs, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reply = TextField(
        label=_("答复内容"), max_length=REPLY_MAX, widget=forms.Textarea(attrs={"rows": 5})
    )
    reply_public = forms.BooleanField(label=_("公开答复"), required=False)


class CloseForm(CleanInputs, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    note = TextField(label=_("办结说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
