import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from zhenggai.briefings.drafting import BadPeriod, parse_month, parse_week, week_name
from zhenggai.briefings.models import SECTION_FIELDS, TEXT_FIELDS, Briefing
from zhenggai.lib.inputs import DOCUMENT_MAX, CleanInputs


class BriefingForm(CleanInputs, forms.ModelForm):
    # Sections drafted from a whole week's reports may be longer than one report.
    input_caps = dict.fromkeys(SECTION_FIELDS, DOCUMENT_MAX)

    class Meta:
        model = Briefing
        fields = TEXT_FIELDS
        widgets = {
            "overview": forms.Textarea(attrs={"rows": 5}),
            "progress": forms.Textarea(attrs={"rows": 16}),
            "changes": forms.Textarea(attrs={"rows": 8}),
            "figures": forms.Textarea(attrs={"rows": 4}),
            "problems": forms.Textarea(attrs={"rows": 6}),
            "next_steps": forms.Textarea(attrs={"rows": 4}),
            "issue_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }


class NewBriefingForm(CleanInputs, forms.Form):
    """Which campaign, which kind, which week or month."""

    campaign = forms.ModelChoiceField(queryset=None, label=_("整改工作"), empty_label=None)
    kind = forms.ChoiceField(choices=Briefing.Kind.choices, label=_("类型"))
    week = forms.CharField(
        label=_("周(整改简报)"),
        required=False,
        widget=forms.TextInput(attrs={"type": "week"}),
        help_text=_("如 2018-W36"),
    )
    month = forms.CharField(
        label=_("月份(阶段性进展)"),
        required=False,
        widget=forms.TextInput(attrs={"type": "month"}),
        help_text=_("如 2018-09"),
    )

    def __init__(self, *args, campaigns, today: datetime.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = campaigns
        self.fields["week"].initial = week_name(today - datetime.timedelta(days=7))
        self.fields["month"].initial = f"{today:%Y-%m}"

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        try:
            if kind == Briefing.Kind.WEEKLY:
                data["period"] = parse_week(data.get("week") or "")
            elif kind == Briefing.Kind.MONTHLY:
                data["period"] = parse_month(data.get("month") or "")
        except BadPeriod:
            field = "week" if kind == Briefing.Kind.WEEKLY else "month"
            self.add_error(field, _("无法识别的时间,格式如 2018-W36 或 2018-09。"))
        return data
