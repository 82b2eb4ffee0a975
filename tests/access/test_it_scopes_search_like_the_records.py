"""Search shows a record only to those its own page would show it to."""

import pytest
from django.urls import reverse

from zhenggai.search.index import rebuild


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role, sees",
    [
        ("office", True),
        ("shared_liaison", True),  # the feedback was handed to this unit
        ("lead_liaison", False),  # leads the item, but the feedback is not theirs
        ("other_liaison", False),
        ("admin", False),
    ],
)
def test_feedback_is_found_only_by_those_who_may_read_it(client, world, role, sees):
    world.feedback.message = "消防通道堵塞投诉"
    world.feedback.save(update_fields=["message"])
    rebuild()
    client.force_login(world.people[role])
    body = client.get(reverse("search"), {"q": "消防通道"}).content.decode()
    assert ("堵塞投诉" in body) is sees
    detail = client.get(reverse("feedback_detail", args=[world.feedback.pk]))
    assert (detail.status_code == 200) is sees
