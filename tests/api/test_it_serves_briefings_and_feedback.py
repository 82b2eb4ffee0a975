import datetime

import pytest

from zhenggai.briefings.models import Briefing
from zhenggai.feedback.models import Feedback


@pytest.fixture
def records(world):
    week = (datetime.date(2018, 11, 12), datetime.date(2018, 11, 18))
    issued = Briefing.create_draft(world.campaign, Briefing.Kind.WEEKLY, *week, world.office)
    issued.issue(world.office)
    later = (datetime.date(2018, 11, 19), datetime.date(2018, 11, 25))
    draft = Briefing.create_draft(world.campaign, Briefing.Kind.WEEKLY, *later, world.office)
    handed = Feedback.objects.create(
        campaign=world.campaign, message="建议公开大厦消防整改进度", name="李四",
        contact="lisi@example.com", unit=world.lead,
    )  # fmt: skip
    other = Feedback.objects.create(campaign=world.campaign, message="别的意见")
    return issued, draft, handed, other


@pytest.mark.parametrize(
    "who, briefings",
    [("office", 2), ("leader", 1), ("observer", 1), ("discipline", 1), ("lead_liaison", 0)],
)
def test_it_lists_the_briefings_each_role_may_read(api, keys, records, who, briefings):
    response = api.get("/briefings", key=keys[who])
    assert response.status_code == 200
    assert response.json()["count"] == briefings


def test_it_hides_a_draft_from_the_leading_group(api, keys, records):
    _issued, draft, _handed, _other = records
    assert api.get(f"/briefings/{draft.pk}", key=keys["leader"]).status_code == 404
    assert api.get(f"/briefings/{draft.pk}", key=keys["office"]).json()["status"] == "draft"


def test_it_shows_a_unit_only_its_feedback_and_never_the_sender(api, keys, records):
    _issued, _draft, handed, other = records
    mine = api.get("/feedback", key=keys["lead_liaison"]).json()
    assert [f["id"] for f in mine["feedback"]] == [handed.pk]
    assert (mine["feedback"][0]["name"], mine["feedback"][0]["contact"]) == (None, None)
    assert api.get(f"/feedback/{other.pk}", key=keys["lead_liaison"]).status_code == 404
    office = api.get(f"/feedback/{handed.pk}", key=keys["office"]).json()
    assert (office["name"], office["contact"]) == ("李四", "lisi@example.com")


def test_it_refuses_without_a_token(api, records):
    for path in ("/briefings", "/feedback"):
        response = api.get(path, key="")
        assert response.status_code == 401
        assert "error" in response.json()
