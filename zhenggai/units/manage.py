"""整改办 pages for the district's units (/manage/units/): list, add, edit.

Office only (403 for every other role). The edit view shows its form on GET and changes
data on POST only, behind CSRF.
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from zhenggai import access
from zhenggai.accounts.decorators import office_required
from zhenggai.units.forms import UnitForm
from zhenggai.units.models import Unit


@require_GET
@office_required
def unit_list(request):
    units = access.kept_units(request.user, Unit.objects.select_related("parent", "liaison"))
    return render(request, "units/manage/unit_list.html", {"units": units})


@require_http_methods(["GET", "POST"])
@office_required
def unit_edit(request, pk=None):
    unit = (
        get_object_or_404(access.kept_units(request.user, Unit.objects.all()), pk=pk)
        if pk
        else None
    )
    form = UnitForm(request.POST or None, instance=unit, user=request.user)
    if request.method == "POST" and form.is_valid():
        organisation = form.cleaned_data["organisation"]
        saved = form.save(commit=False)
        if saved.pk is None:
            saved.organisation = organisation
        saved.save()
        form.save_m2m()
        # A move to another organisation is audited (Unit.assign_organisation).
        saved.assign_organisation(request.user, organisation)
        messages.success(request, _("已保存单位信息。"))
        return redirect("manage_units")
    title = _("编辑单位") if unit else _("新建单位")
    return render(
        request,
        "manage/form.html",
        {"form": form, "title": title, "back": reverse("manage_units")},
    )
