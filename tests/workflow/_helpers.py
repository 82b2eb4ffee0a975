"""Helpers for the workflow tests: items in any state, evidence, the roles table."""

import datetime
import itertools

from django.core.files.uploadedfile import SimpleUploadedFile

from zhenggai.inspections.models import Finding
from zhenggai.reporting.models import Evidence
from zhenggai.tasks.models import Status, Task, Timeframe

DEADLINE = datetime.date(2018, 9, 24)
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

_positions = itertools.count()


def make_task(world, status=Status.IN_PROGRESS, *, lead=True, timeframe=Timeframe.DEADLINE, **kw):
    finding = Finding.objects.create(
        campaign=world.campaign,
        position=next(_positions),
        label="(1)",
        title="河涌治理不到位",
    )
    kw.setdefault("deadline", DEADLINE if timeframe != Timeframe.LONG_TERM else None)
    task = Task.objects.create(
        finding=finding,
        measure="针对河涌治理不到位的问题,开展专项整治。",
        status=status,
        timeframe=timeframe,
        lead_unit=world.lead if lead else None,
        **kw,
    )
    if lead:
        task.units.set([world.shared])
    return task


def pdf(name="通报.pdf", content=PDF_BYTES):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def add_evidence(world, task):
    return Evidence.attach(world.lead_liaison, task, pdf())


ROLES = [
    "office",
    "leader",
    "lead_liaison",
    "lead_member",
    "shared_liaison",
    "other_liaison",
    "discipline",
    "observer",
]
