from django import forms
from django.utils.translation import gettext_lazy as _

from zhenggai.accountability.models import Form, Rank, Record
from zhenggai.inspections.models import Campaign, Finding
from zhenggai.lib.inputs import CleanInputs
from zhenggai.tasks.models import Task


class RecordForm(CleanInputs, forms.ModelForm):
    class Meta:
        model = Record
        fields = (
            "campaign",
            "person_name",
            "post",
            "rank",
            "unit",
            "unit_name",
            "form",
            "sanction",
            "persons",
            "date",
            "item",
            "finding",
            "decided_by",
            "note",
        )
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}),
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = Task.objects.select_related("finding").order_by(
            "finding__campaign", "finding__position"
        )
        self.fields["finding"].queryset = Finding.objects.order_by("campaign", "position")
        self.fields["persons"].min_value = 1
        self.fields["persons"].widget.attrs["min"] = 1


class RecordFilterForm(CleanInputs, forms.Form):
    campaign = forms.ModelChoiceField(
        Campaign.objects.all(), required=False, label=_("整改工作"), empty_label=None
    )
    form = forms.ChoiceField(
        choices=[("", _("全部"))] + list(Form.choices), required=False, label=_("问责方式")
    )
    rank = forms.ChoiceField(
        choices=[("", _("全部"))] + list(Rank.choices), required=False, label=_("职级")
    )
