from django import forms
from django.utils.translation import gettext_lazy as _

from zhenggai.indicators.models import Indicator
from zhenggai.lib.inputs import CleanInputs


class ConfirmForm(CleanInputs, forms.Form):
    """归类 one wording: to an existing indicator, or to a new one."""

    words = forms.CharField(label=_("原文表述"), max_length=100, widget=forms.HiddenInput)
    unit = forms.CharField(label=_("计量单位"), max_length=20, widget=forms.HiddenInput)
    indicator = forms.ModelChoiceField(
        label=_("归入已有指标"), queryset=Indicator.objects.all(), required=False
    )
    new_name = forms.CharField(label=_("或新建指标"), max_length=100, required=False)
    summable = forms.BooleanField(label=_("可以合计"), required=False, initial=True)

    def clean(self):
        data = super().clean()
        if not data.get("indicator") and not (data.get("new_name") or "").strip():
            raise forms.ValidationError(_("请选择一个指标,或填写新指标的名称。"))
        return data
