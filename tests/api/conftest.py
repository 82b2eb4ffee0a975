"""The API's tests: the front tests' small ledger, and a token for every reader.

Item t1 is led by 区住房建设局 (lead_liaison) and shared with 区城管局 (shared_liaison);
区教育局's liaison (other_liaison) is an outsider to it.
"""

import pytest

from tests.world import TODAY, login, make_ledger, today, world  # noqa: F401
from zhenggai.api.models import ApiToken

__all__ = ["TODAY", "login", "make_ledger"]

ROLES = ["office", "leader", "lead_liaison", "shared_liaison", "other_liaison", "observer"]


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def keys(world):  # noqa: F811
    """A live key per named user of `world`."""
    out = {}
    for role in (*ROLES, "discipline"):
        _token, out[role] = ApiToken.issue(getattr(world, role), f"{role} 的脚本")
    return out


class Api:
    """The test client speaking JSON with a bearer token."""

    def __init__(self, client, key=None):
        self.client, self.key = client, key

    def _headers(self, key):
        key = self.key if key is None else key
        return {"Authorization": f"Bearer {key}"} if key else {}

    def get(self, path, key=None, **params):
        return self.client.get(f"/api/v1{path}", params, headers=self._headers(key))

    def post(self, path, body, key=None):
        return self.client.post(
            f"/api/v1{path}", body, content_type="application/json", headers=self._headers(key)
        )


@pytest.fixture
def api(client):
    return Api(client)
