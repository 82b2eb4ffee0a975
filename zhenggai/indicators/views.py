"""/indicators/: the catalogue, what each total is made of, and the office's 归类."""

from collections import Counter

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhenggai.accounts.decorators import office_required, whole_ledger_required
from zhenggai.indicators.forms import ConfirmForm
from zhenggai.indicators.models import FigureWording, Indicator
from zhenggai.indicators.tally import (
    accepted_report_figures,
    propose,
    result_figures,
    tally,
)
from zhenggai.tasks.models import Task


def _figures(user):
    tasks = Task.objects.visible_to(user)
    return result_figures(tasks) + accepted_report_figures(tasks)


@whole_ledger_required
def catalogue(request):
    result = tally(_figures(request.user))
    catalogue = list(Indicator.objects.all())
    pending = Counter((f.words, f.unit) for f in result.unclassified if f.words)
    unclassified = [
        {
            "words": words,
            "unit": unit,
            "n": n,
            "proposal": propose(words, unit, catalogue),
        }
        for (words, unit), n in pending.most_common()
    ]
    return render(
        request,
        "indicators/catalogue.html",
        {
            "totals": result.totals,
            "catalogue": catalogue,
            "unclassified": unclassified,
            "unnamed": sum(1 for f in result.unclassified if not f.words),
        },
    )


@whole_ledger_required
def detail(request, pk):
    indicator = get_object_or_404(Indicator, pk=pk)
    result = tally(_figures(request.user))
    total = next((t for t in result.totals if t.indicator.pk == indicator.pk), None)
    return render(request, "indicators/detail.html", {"indicator": indicator, "total": total})


@office_required
@require_POST
def confirm(request):
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        for error in form.errors.values():
            messages.error(request, " ".join(error))
        return redirect("indicators:catalogue")
    data = form.cleaned_data
    try:
        indicator = data["indicator"] or FigureWording.create_indicator(
            request.user, data["new_name"], data["unit"], data["summable"]
        )
        FigureWording.confirm(request.user, data["words"], data["unit"], indicator)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("indicators:catalogue")
    messages.success(
        request, _("已归入指标“%(name)s”,今后同样表述的数据按此合计。") % {"name": indicator.name}
    )
    return redirect("indicators:catalogue")
