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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
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

    def clean_liaison(self):
        liaison = self.cleaned_data.get("liaison")
        if liaison and liaison.unit_id is not None and liaison.unit_id != self.instance.pk:
            raise forms.ValidationError(_("联络员应为本单位的人员。"))
        return liaison
