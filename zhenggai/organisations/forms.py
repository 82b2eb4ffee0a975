from django import forms
from django.utils.translation import gettext_lazy as _

from zhenggai.lib.inputs import CleanInputs
from zhenggai.reporting.models import Period


class UpwardReportForm(CleanInputs, forms.Form):
    period = forms.ChoiceField(
        label=_("周期"), choices=[(p.value, p.label) for p in (Period.DAY, Period.WEEK)]
    )
    day = forms.DateField(label=_("日期"), widget=forms.DateInput(attrs={"type": "date"}))
    text = forms.CharField(
        label=_("报告内容"), max_length=20000, widget=forms.Textarea(attrs={"rows": 8})
    )
