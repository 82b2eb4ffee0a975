from types import SimpleNamespace

import pytest

from tests.conftest import make_unit, make_user
from tests.world import world  # noqa: F401 — the page tests' ledger, for the users pages
from zhenggai.accounts.models import Role

# Strong enough for Django's validators.
STRONG = "Zg-2018-Liwan-Rectify"


@pytest.fixture
def people(db):
    unit = make_unit("区住房建设局")
    return SimpleNamespace(
        unit=unit,
        office=make_user("office", Role.OFFICE),
        office2=make_user("office2", Role.OFFICE),
        leader=make_user("leader", Role.LEADER),
        discipline=make_user("discipline", Role.DISCIPLINE),
        admin=make_user("sysadmin", Role.ADMIN),
        admin2=make_user("sysadmin2", Role.ADMIN),
        root=make_user("root", Role.MEMBER, is_superuser=True, is_staff=True),
        liaison=make_user("ll-zjj", Role.LIAISON, unit),
    )
