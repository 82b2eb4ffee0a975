"""组织机构管理 (/manage/organisations/): the tree, with a node's campaigns, units and
accounts counted; add a node, rename it or change its kind, move it.

Who may do what is zhenggai.access's (`manages_organisation_tree`, `shown_organisations`,
`manages_organisation`, `places_under`): administrators the whole tree, an office the part
below its own organisation. Every change is an audited model method of Organisation;
edits and moves carry the version the page showed, and a stale one answers 409 with what
was typed kept on the form.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from zhenggai import access
from zhenggai.accounts.decorators import requires
from zhenggai.accounts.models import User
from zhenggai.inspections.models import Campaign
from zhenggai.lib.guarded import Conflict
from zhenggai.organisations.forms import (
    OrganisationEditForm,
    OrganisationMoveForm,
    OrganisationNewForm,
)
from zhenggai.organisations.models import Organisation
from zhenggai.units.models import Unit


def _counts(model, field, ids) -> dict:
    return dict(
        model.objects.filter(**{f"{field}__in": ids})
        .order_by()
        .values_list(field)
        .annotate(n=Count("pk"))
        .values_list(field, "n")
    )


def tree_rows(user) -> list:
    """The tree `user` may see, in path order, each node with its depth below the top
    shown node, its own campaigns, units and accounts, and what `user` may do with it:
    four queries whatever the size of the tree."""
    nodes = list(access.shown_organisations(user).select_related("parent"))
    ids = [n.pk for n in nodes]
    campaigns = _counts(Campaign, "owner", ids)
    units = _counts(Unit, "organisation", ids)
    users = _counts(User, "organisation", ids)
    top = min((n.depth for n in nodes), default=0)
    for node in nodes:
        node.level = node.depth - top
        node.indent = node.level * 2
        node.n_campaigns = campaigns.get(node.pk, 0)
        node.n_units = units.get(node.pk, 0)
        node.n_users = users.get(node.pk, 0)
        node.may_edit = access.manages_organisation(user, node)
        node.may_add = access.places_under(user, node)
    return nodes


@require_GET
@requires(access.manages_organisation_tree)
def organisation_list(request):
    return render(
        request,
        "organisations/manage/list.html",
        {
            "rows": tree_rows(request.user),
            "may_add_root": access.places_under(request.user, None),
        },
    )


@require_http_methods(["GET", "POST"])
@requires(access.manages_organisation_tree)
def organisation_new(request):
    initial = {"kind": Organisation.Kind.DEPARTMENT}
    parent_id = request.GET.get("parent")
    if parent_id and parent_id.isdigit():
        initial["parent"] = int(parent_id)
    form = OrganisationNewForm(request.POST or None, user=request.user, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            if not access.places_under(request.user, data["parent"]):
                raise PermissionDenied
            try:
                org = Organisation.create(request.user, data["name"], data["kind"], data["parent"])
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("已新建组织“%(name)s”。") % {"name": org.name})
                return redirect("manage_organisations")
        status = 400
    return render(request, "organisations/manage/new.html", {"form": form}, status=status)


def _managed(request, pk):
    """The node `pk`: 404 outside the part of the tree the user sees, 403 for one they
    see but may not change (an office's own organisation)."""
    org = get_object_or_404(access.shown_organisations(request.user), pk=pk)
    if not access.manages_organisation(request.user, org):
        raise PermissionDenied
    return org


def _edit_page(request, org, edit_form=None, move_form=None, status=200):
    edit_form = edit_form or OrganisationEditForm(
        initial={"name": org.name, "kind": org.kind, "version": org.version}
    )
    move_form = move_form or OrganisationMoveForm(
        user=request.user,
        organisation=org,
        initial={"parent": org.parent_id, "version": org.version},
    )
    return render(
        request,
        "organisations/manage/edit.html",
        {"org": org, "edit_form": edit_form, "move_form": move_form},
        status=status,
    )


@require_http_methods(["GET", "POST"])
@requires(access.manages_organisation_tree)
def organisation_edit(request, pk):
    org = _managed(request, pk)
    if request.method == "GET":
        return _edit_page(request, org)
    form = OrganisationEditForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            changed = org.edit(
                request.user, data["name"], data["kind"], expected_version=data["version"]
            )
        except Conflict as exc:
            form.add_error(None, exc.message)
            return _edit_page(request, org, edit_form=form, status=409)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if changed:
                messages.success(request, _("已保存组织信息。"))
            else:
                messages.info(request, _("组织信息没有变化。"))
            return redirect("manage_organisations")
    return _edit_page(request, org, edit_form=form, status=400)


@require_POST
@requires(access.manages_organisation_tree)
def organisation_move(request, pk):
    org = _managed(request, pk)
    form = OrganisationMoveForm(request.POST, user=request.user, organisation=org)
    if form.is_valid():
        data = form.cleaned_data
        if not access.places_under(request.user, data["parent"]):
            raise PermissionDenied
        try:
            org.move(request.user, data["parent"], expected_version=data["version"])
        except Conflict as exc:
            form.add_error(None, exc.message)
            return _edit_page(request, org, move_form=form, status=409)
        except ValidationError as exc:
            form.add_error("parent", exc)
        else:
            messages.success(request, _("已调整组织“%(name)s”的隶属关系。") % {"name": org.name})
            return redirect("manage_organisations")
    return _edit_page(request, org, move_form=form, status=400)
