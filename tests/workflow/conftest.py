"""A small district: a lead unit, a unit sharing the item, an unrelated unit, and one
named user for every tier of permission."""

from types import SimpleNamespace

import pytest

from tests.conftest import make_unit, make_user
from zhenggai.accounts.models import Role
from zhenggai.inspections.models import Campaign


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def world(db):
    lead = make_unit("区河长办")
    shared = make_unit("沙面街道")
    other = make_unit("区教育局")
    w = SimpleNamespace(lead=lead, shared=shared, other=other)
    w.office = make_user("office", Role.OFFICE)
    w.office2 = make_user("office2", Role.OFFICE)
    w.leader = make_user("leader", Role.LEADER)
    w.lead_liaison = make_user("lead_liaison", Role.LIAISON, lead)
    w.lead_member = make_user("lead_member", Role.MEMBER, lead)
    w.shared_liaison = make_user("shared_liaison", Role.LIAISON, shared)
    w.other_liaison = make_user("other_liaison", Role.LIAISON, other)
    w.discipline = make_user("discipline", Role.DISCIPLINE)
    w.observer = make_user("observer", Role.OBSERVER)
    w.campaign = Campaign.objects.create(name="省委第十巡视组反馈意见整改")
    return w
