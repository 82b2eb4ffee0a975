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


class OrganisationChoiceField(forms.ModelChoiceField):
    """A choice of organisations, indented as in the tree (from the highest offered)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.required:
            self.empty_label = None

    def _set_queryset(self, queryset):
        super()._set_queryset(queryset)
        self._top = None

    queryset = property(forms.ModelChoiceField._get_queryset, _set_queryset)

    def label_from_instance(self, obj):
        if self._top is None:
            self._top = min((o.depth for o in self.queryset), default=0)
        return "\u3000" * max(obj.depth - self._top, 0) + obj.name


def _parent_field(user, label):
    """The organisations `user` may put a node under (access.organisation_parents);
    administrators may also leave it empty (a new root)."""
    from zhenggai import access

    required = not access.places_under(user, None)
    return OrganisationChoiceField(
        label=label,
        queryset=access.organisation_parents(user),
        required=required,
        empty_label=_("(无上级,作为顶级组织)"),
    )


class OrganisationNewForm(CleanInputs, forms.Form):
    parent = forms.Field(required=False)  # replaced in __init__
    name = forms.CharField(label=_("组织名称"), max_length=100)
    kind = forms.ChoiceField(label=_("层级"))

    def __init__(self, *args, user, **kwargs):
        from zhenggai.organisations.models import Organisation

        super().__init__(*args, **kwargs)
        self.fields["parent"] = _parent_field(user, _("上级组织"))
        self.fields["kind"].choices = Organisation.Kind.choices


class OrganisationEditForm(CleanInputs, forms.Form):
    name = forms.CharField(label=_("组织名称"), max_length=100)
    kind = forms.ChoiceField(label=_("层级"))
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        from zhenggai.organisations.models import Organisation

        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = Organisation.Kind.choices


class OrganisationMoveForm(CleanInputs, forms.Form):
    parent = forms.Field(required=False)  # replaced in __init__
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, user, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        # Its own subtree stays on the list: choosing a node under it is refused by
        # Organisation.move, with the reason, rather than silently not offered.
        self.fields["parent"] = _parent_field(user, _("移到(新的上级组织)"))
        self.organisation = organisation
