"""The office's form for a unit of the district (/manage/units/)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from zhenggai.accounts.models import User
from zhenggai.lib.inputs import CleanInputs
from zhenggai.units.models import Unit


class UnitForm(CleanInputs, forms.ModelForm):
    class Meta:
        model = Unit
        fields = [
            "name",
            "short_name",
            "kind",
            "parent",
            "liaison",
            "aliases",
            "position",
            "is_active",
        ]
        widgets = {"aliases": forms.Textarea(attrs={"rows": 4})}
        help_texts = {"aliases": _("报告原文中对本单位的其他称呼,每行一个")}

    organisation = forms.ModelChoiceField(
        label=_("所属组织"),
        queryset=None,
        help_text=_("本级组织或其下级组织;调整后,单位的推送渠道随之归属新的组织。留空则不变。"),
    )

    def __init__(self, *args, user, **kwargs):
        from zhenggai import access
        from zhenggai.organisations.forms import OrganisationChoiceField

        super().__init__(*args, **kwargs)
        self.fields["organisation"] = OrganisationChoiceField(
            label=self.fields["organisation"].label,
            queryset=access.assignable_organisations(user),
            help_text=self.fields["organisation"].help_text,
            initial=self.instance.organisation_id or user.organisation_id,
            required=False,
        )
        self.user = user
        units = Unit.objects.all()
        if self.instance.pk:
            units = units.exclude(pk__in=self._self_and_below(self.instance.pk))
        self.fields["parent"].queryset = units
        self.fields["liaison"].queryset = User.objects.filter(is_active=True).order_by(
            "unit__name", "username"
        )

    @staticmethod
    def _self_and_below(pk) -> set[int]:
        pairs = dict(Unit.objects.values_list("pk", "parent_id"))
        below = {pk}
        grew = True
        while grew:
            grew = False
            for child, parent in pairs.items():
                if parent in below and child not in below:
                    below.add(child)
                    grew = True
        return below

    def clean_organisation(self):
        """Left empty: where the unit is now, or (a new unit) the office's own."""
        org = self.cleaned_data.get("organisation")
        if org is None:
            org = self.instance.organisation if self.instance.pk else self.user.organisation
        return org

    def clean_liaison(self):
        liaison = self.cleaned_data.get("liaison")
        if liaison and liaison.unit_id is not None and liaison.unit_id != self.instance.pk:
            raise forms.ValidationError(_("联络员应为本单位的人员。"))
        return liaison
