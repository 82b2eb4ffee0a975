from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from zhenggai.inspections.models import Campaign
from zhenggai.lib.inputs import CleanInputs
from zhenggai.meetings.models import Document, DocumentKind, Meeting, MeetingKind
from zhenggai.tasks.models import Task


class MeetingForm(CleanInputs, forms.ModelForm):
    class Meta:
        model = Meeting
        fields = (
            "campaign",
            "kind",
            "title",
            "date",
            "chair",
            "attendees",
            "participants",
            "decisions",
            "tasks",
        )
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}),
            "attendees": forms.Textarea(attrs={"rows": 3}),
            "decisions": forms.Textarea(attrs={"rows": 6}),
            "participants": forms.SelectMultiple(attrs={"size": 6}),
            "tasks": forms.SelectMultiple(attrs={"size": 10}),
        }
        help_texts = {
            "tasks": _("按住 Ctrl 可多选;只能选择本次整改工作的事项。"),
            "participants": _("可选:参会人员中有系统账号的。"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tasks"].queryset = Task.objects.select_related("finding").order_by(
            "finding__campaign", "finding__position"
        )
        self.fields["participants"].queryset = get_user_model().objects.filter(is_active=True)

    def clean(self):
        data = super().clean()
        campaign, tasks = data.get("campaign"), data.get("tasks")
        if campaign and tasks:
            stray = [t for t in tasks if t.finding.campaign_id != campaign.pk]
            if stray:
                self.add_error("tasks", _("所选事项不属于该整改工作。"))
        return data


class MeetingFilterForm(CleanInputs, forms.Form):
    campaign = forms.ModelChoiceField(
        Campaign.objects.none(), required=False, label=_("整改工作"), empty_label=_("全部")
    )
    kind = forms.ChoiceField(
        choices=[("", _("全部"))] + list(MeetingKind.choices), required=False, label=_("会议类型")
    )

    def __init__(self, *args, campaigns, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = campaigns


class DocumentForm(CleanInputs, forms.ModelForm):
    file = forms.FileField(label=_("附件"), help_text=_("PDF、OFD、Word、Excel、图片或文本文件"))
    note = forms.CharField(label=_("版本说明"), max_length=300, required=False)

    class Meta:
        model = Document
        fields = ("campaign", "kind", "title", "number", "issued_on")
        widgets = {"issued_on": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = DocumentKind.choices


class VersionForm(CleanInputs, forms.Form):
    file = forms.FileField(label=_("新版本附件"))
    note = forms.CharField(label=_("版本说明"), max_length=300, required=False)
