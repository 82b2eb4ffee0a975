from django import forms
from django.utils.translation import gettext_lazy as _

from zhenggai import access
from zhenggai.lib.inputs import CleanInputs
from zhenggai.rhythm.models import Schedule, SupervisionNotice


class ScheduleForm(CleanInputs, forms.ModelForm):
    class Meta:
        model = Schedule
        fields = ["campaign", "kind", "weekday", "day_of_month", "due_time", "starts_on", "ends_on"]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
            "due_time": forms.TimeInput(attrs={"type": "time"}),
        }


class NoticeForm(CleanInputs, forms.ModelForm):
    class Meta:
        model = SupervisionNotice
        fields = ["unit", "task", "text", "reply_due"]
        widgets = {"reply_due": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The units and items the signer may press: their own organisation's, or, for an
        # upper level, those below it (zhenggai.access.issues_notice decides on submit).
        self.fields["unit"].queryset = access.notice_units(user, self.fields["unit"].queryset)
        self.fields["task"].queryset = access.tasks(
            user, self.fields["task"].queryset.select_related("finding")
        )


class ReplyForm(CleanInputs, forms.Form):
    reply = forms.CharField(label=_("回复内容"), widget=forms.Textarea(attrs={"rows": 6}))
