"""The office's forms for the ledger's frame: inspections and the findings tree.

A task's own fields (measure, assignment, deadline) are not edited here: the workflow
layer changes them through methods that check the version and write the audit trail.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from zhenggai.inspections.models import Campaign, Finding, Inspection
from zhenggai.inspections.tree import Tree
from zhenggai.lib.inputs import CleanInputs, DateInput


class InspectionForm(CleanInputs, forms.ModelForm):
    """An inspection, in an existing campaign or in a new one named here."""

    new_campaign = forms.CharField(
        label=_("或新建整改工作"),
        required=False,
        max_length=200,
        help_text=_("不选择已有整改工作时,填写新整改工作的名称"),
    )

    class Meta:
        model = Inspection
        fields = [
            "campaign",
            "kind",
            "inspector",
            "inspected",
            "onsite_start",
            "onsite_end",
            "feedback_date",
            "report_due",
        ]
        widgets = {
            "onsite_start": DateInput(),
            "onsite_end": DateInput(),
            "feedback_date": DateInput(),
            "report_due": DateInput(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].required = False

    def clean(self):
        data = super().clean()
        if not data.get("campaign") and not (data.get("new_campaign") or "").strip():
            raise forms.ValidationError(_("请选择整改工作,或填写新整改工作的名称。"))
        start, end = data.get("onsite_start"), data.get("onsite_end")
        if start and end and end < start:
            self.add_error("onsite_end", _("进驻结束日期不能早于开始日期。"))
        return data

    def save(self, commit=True):
        if not self.cleaned_data.get("campaign"):
            name = self.cleaned_data["new_campaign"].strip()
            self.instance.campaign = Campaign.objects.create(
                name=name, organisation=self.cleaned_data.get("inspected") or ""
            )
        return super().save(commit=commit)


class FindingForm(CleanInputs, forms.ModelForm):
    """A node of the findings tree. Where it sits comes from its parent; the position in
    the pre-order walk is recomputed on save (see tree.renumber)."""

    class Meta:
        model = Finding
        fields = ["parent", "inspection", "label", "title", "text"]
        widgets = {
            "title": forms.Textarea(attrs={"rows": 3}),
            "text": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        tree = Tree.of(campaign.pk)
        excluded = set()
        if self.instance.pk:
            # A node cannot move under itself or under one of its own descendants.
            excluded = {self.instance.pk} | tree.descendant_ids(self.instance.pk)
        parent = self.fields["parent"]
        parent.queryset = Finding.objects.filter(campaign=campaign).exclude(pk__in=excluded)
        parent.label_from_instance = lambda f: f"{'  ' * f.depth}{f.label}{f.title[:50]}"
        parent.empty_label = _("(顶层:问题类别)")
        self.fields["inspection"].queryset = campaign.inspections.all()

    def save(self, commit=True):
        finding = super().save(commit=False)
        finding.campaign = self.campaign
        if finding.pk is None:
            # Past the end for now; renumber() puts it last among its siblings.
            last = Finding.objects.filter(campaign=self.campaign).order_by("-position").first()
            finding.position = (last.position + 1) if last else 0
        finding.depth = (finding.parent.depth + 1) if finding.parent else 0
        if commit:
            finding.save()
        return finding
