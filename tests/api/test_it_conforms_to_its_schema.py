"""Schemathesis against the API's own schema, as the office on a small ledger: no
answer is a 5xx, and every answer (status code, content type, body) is one the schema
documents. Examples are few, so that the run stays well under a minute."""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from zhenggai.reporting.models import Period, ProgressReport
from zhenggai.tasks.models import Result

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


# Loading the schema needs no database: /api/v1/openapi.json is built from the code.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    # A WSGI call fires request_started/finished, whose close_old_connections would close
    # the connection holding the test's transaction (PostgreSQL then fails every later
    # query). Django's test Client disconnects it for the same reason.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def seeded(world, keys):
    Result.objects.create(task=world.t1, value="34.5", unit="万平方米", approx=True)
    ProgressReport.file(world.lead_liaison, world.t1, Period.MONTH, world.t1.deadline, "推进中")
    return world


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_it_conforms_to_its_schema(case, keys, seeded):
    # Ids of things that exist, now and then, so that more than the 404 path is walked.
    item_id = (case.path_parameters or {}).get("item_id")
    if isinstance(item_id, int) and item_id % 3 == 0:
        case.path_parameters["item_id"] = seeded.t1.pk
    case.call_and_validate(headers={"Authorization": f"Bearer {keys['office']}"}, checks=CHECKS)
