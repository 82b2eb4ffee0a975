"""The migration that makes 必达 per organisation gives every existing row the default
organisation (the one deployment-wide office there was), and drops the stale copy of a
unit channel's organisation: it is read from the unit from then on."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from zhenggai.inbox.models import Channel, MandatoryKind
from zhenggai.organisations.models import Organisation

BEFORE = [
    ("inbox", "0004_channel_organisation"),
    ("organisations", "0001_organisations"),
    ("units", "0002_organisations"),
]


@pytest.mark.django_db(transaction=True)
def test_existing_rows_land_in_the_default_organisation():
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Org = old.get_model("organisations", "Organisation")
    default = Org.objects.create(name="本级组织", kind="district", path="~d~", is_default=True)
    Org.objects.filter(pk=default.pk).update(path=f"{default.pk:06d}.")
    other = Org.objects.create(name="海珠区", kind="district", path=f"{default.pk + 1:06d}.")
    unit = old.get_model("units", "Unit").objects.create(name="区公安分局", organisation=other)
    OldChannel = old.get_model("inbox", "Channel")
    # A copy that went stale: the unit is 海珠区's, the channel still says the default.
    stale = OldChannel.objects.create(
        name="公安群", unit=unit, organisation=default, kind="generic", url="https://a/1"
    )
    office = OldChannel.objects.create(name="整改办群", kind="generic", url="https://a/2")
    for kind in ("task", "closure"):
        old.get_model("inbox", "MandatoryKind").objects.create(kind=kind)

    executor = MigrationExecutor(connection)
    executor.migrate(latest)

    default = Organisation.objects.get(is_default=True)
    assert set(MandatoryKind.objects.values_list("organisation_id", "kind")) == {
        (default.pk, "task"),
        (default.pk, "closure"),
    }
    stale = Channel.objects.select_related("unit").get(pk=stale.pk)
    assert stale.organisation_id is None and stale.owner_organisation_id == other.pk
    assert Channel.objects.get(pk=office.pk).organisation_id == default.pk
