from django import forms

from zhenggai.lib.inputs import DOCUMENT_MAX, CleanInputs
from zhenggai.publication.models import NARRATIVE_FIELDS, PublicReport


class ReportForm(CleanInputs, forms.ModelForm):
    # The report's narrative parts run to pages (the seed's first part alone is long).
    input_caps = dict.fromkeys(("preamble", "intro", "next_steps", "closing"), DOCUMENT_MAX)

    class Meta:
        model = PublicReport
        fields = NARRATIVE_FIELDS
        widgets = {
            "preamble": forms.Textarea(attrs={"rows": 4}),
            "intro": forms.Textarea(attrs={"rows": 14}),
            "next_steps": forms.Textarea(attrs={"rows": 8}),
            "closing": forms.Textarea(attrs={"rows": 3}),
            "issue_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
