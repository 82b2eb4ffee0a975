from django.urls import reverse

from tests.world import login
from zhenggai.inspections.models import Campaign, Inspection


def test_it_creates_an_inspection_with_a_new_campaign(client, world):
    response = login(client, world.office).post(
        reverse("manage_inspection_new"),
        {
            "new_campaign": "2019年区委巡察整改",
            "kind": "xuncha",
            "inspector": "区委第一巡察组",
            "inspected": "区住房建设局",
            "feedback_date": "2019-05-10",
        },
    )
    assert response.status_code == 302
    inspection = Inspection.objects.get(inspector="区委第一巡察组")
    assert inspection.campaign.name == "2019年区委巡察整改"
    assert str(inspection.report_due) == "2019-07-10"


def test_it_adds_an_inspection_to_an_existing_campaign(client, world):
    login(client, world.office).post(
        reverse("manage_inspection_new"),
        {"campaign": world.campaign.pk, "kind": "xunshi", "inspector": "中央巡视组"},
    )
    assert world.campaign.inspections.count() == 2
    assert Campaign.objects.count() == 1


def test_it_requires_a_campaign(client, world):
    response = login(client, world.office).post(
        reverse("manage_inspection_new"), {"kind": "xunshi", "inspector": "x"}
    )
    assert response.status_code == 200
    assert "请选择整改工作" in response.content.decode()


def test_it_refuses_an_onsite_period_that_ends_before_it_starts(client, world):
    response = login(client, world.office).post(
        reverse("manage_inspection_new"),
        {
            "campaign": world.campaign.pk,
            "kind": "xunshi",
            "onsite_start": "2018-05-15",
            "onsite_end": "2018-03-12",
        },
    )
    assert response.status_code == 200
    assert Inspection.objects.count() == 1


def test_it_edits_an_inspection(client, world):
    inspection = world.campaign.inspections.get()
    login(client, world.office).post(
        reverse("manage_inspection", args=[inspection.pk]),
        {"campaign": world.campaign.pk, "kind": "xunshi", "inspector": "省委第十巡视组(改)"},
    )
    inspection.refresh_from_db()
    assert inspection.inspector == "省委第十巡视组(改)"


def test_it_lists_inspections(client, world):
    body = login(client, world.office).get(reverse("manage_inspections")).content.decode()
    assert "省委第十巡视组" in body
