"""The admin only shows. For every registered model but the accounts (administered
apart), a superuser's POST to add, change, delete or run a bulk action changes nothing:
the pages, with their checks and audit entries, are the only way to write.

The loop runs over `admin.site._registry`, so a model registered later without
read-only falls into it."""

import datetime
import itertools

import pytest
from django.contrib import admin
from django.contrib.admin.utils import quote
from django.db import models
from django.urls import reverse
from django.utils import timezone

from tests.conftest import make_user
from tests.workflow._helpers import add_evidence, make_task
from zhenggai.accounts.models import Role
from zhenggai.audit.models import record
from zhenggai.reporting.models import Period, ProgressReport
from zhenggai.tasks.models import Status

pytestmark = pytest.mark.django_db

# Account administration (users, and Django's groups) is the accounts admin's own.
ACCOUNTS = {"accounts.User", "auth.Group"}

_serial = itertools.count(1)


def _value(field):
    """A plain valid value for a required field of a model nobody made yet."""
    if field.choices:
        return field.choices[0][0]
    if isinstance(field, models.EmailField):
        return f"a{next(_serial)}@example.org"
    if isinstance(field, models.CharField | models.TextField):
        return f"x{next(_serial)}"[: field.max_length or 100]
    if isinstance(field, models.DateTimeField):
        return timezone.now()
    if isinstance(field, models.DateField):
        return datetime.date(2018, 7, 24)
    if isinstance(field, models.FileField):
        return "evidence/x.pdf"
    if isinstance(field, models.JSONField):
        return {}
    if isinstance(field, models.BooleanField):
        return False
    if isinstance(field, models.IntegerField | models.DecimalField | models.FloatField):
        return next(_serial)
    raise AssertionError(f"no test value for {field}")


def _row(model):
    """The first row of `model`, or a new one if it has none."""
    return model._base_manager.order_by("pk").first() or _make(model)


def _make(model):
    values = {}
    for field in model._meta.concrete_fields:
        if field.primary_key or field.null or field.has_default() or field.blank:
            continue
        if field.one_to_one:
            values[field.name] = _make(field.related_model)
        elif field.is_relation:
            values[field.name] = _row(field.related_model)
        else:
            values[field.name] = _value(field)
    return model._base_manager.create(**values)


@pytest.fixture
def everything(world):
    """Rows made the application's way where it is short (an item with its history, a
    report, evidence), and one row of every other registered model."""
    task = make_task(world, Status.ASSIGNED)
    task.claim(world.lead_liaison)
    ProgressReport.file(world.lead_liaison, task, Period.WEEK, task.deadline, "完成排查。")
    add_evidence(world, task)
    record(world.office, "edit", world.lead, {}, {})
    rows = {}
    for model in admin.site._registry:
        if model._meta.label not in ACCOUNTS:
            rows[model] = _row(model)
    return rows


def _state(model):
    return list(model._base_manager.order_by("pk").values())


def test_it_lets_a_superuser_only_look(world, everything, client, rf):
    root = make_user("root", Role.OFFICE, is_staff=True, is_superuser=True)
    client.force_login(root)
    request = rf.get("/admin/")
    request.user = root
    for model, row in everything.items():
        label = model._meta.label
        model_admin = admin.site._registry[model]
        url = f"admin:{model._meta.app_label}_{model._meta.model_name}_%s"
        pk = quote(row.pk)
        before = _state(model)
        assert client.get(reverse(url % "change", args=[pk])).status_code == 200, label

        assert client.post(reverse(url % "add"), {}).status_code == 403, label
        response = client.post(reverse(url % "change", args=[pk]), {"_save": "1"})
        assert response.status_code == 403, label
        response = client.post(reverse(url % "delete", args=[pk]), {"post": "yes"})
        assert response.status_code == 403, label
        assert model_admin.get_actions(request) == {}, label
        for action in ["delete_selected", *(model_admin.actions or [])]:
            name = getattr(action, "__name__", action)
            client.post(
                reverse(url % "changelist"),
                {"action": name, "_selected_action": [row.pk], "post": "yes"},
            )

        assert _state(model) == before, label

    checked = {model._meta.label for model in everything}
    assert {"tasks.Task", "audit.AuditEntry", "units.Unit", "feedback.Feedback"} <= checked
