import datetime

import pytest
from django.core.exceptions import ValidationError

from tests.conftest import make_user
from zhenggai.accounts.models import Role
from zhenggai.inbox.models import Notification
from zhenggai.organisations.models import Organisation, UpwardReport, default_organisation
from zhenggai.todo.entries import entries_for

pytestmark = pytest.mark.django_db
DAY = datetime.date(2018, 11, 26)


@pytest.fixture
def tree():
    district = default_organisation()
    city = Organisation.create(None, "广州市", Organisation.Kind.CITY)
    district.move(None, city)
    return city, district


def test_the_district_report_lands_in_the_city_office_todo_as_a_record(client, tree):
    city, district = tree
    office = make_user("office", Role.OFFICE)
    city_office = make_user("city-office", Role.OBSERVER, organisation=city)
    sibling_office = make_user(
        "hz-office",
        Role.OFFICE,
        organisation=Organisation.create(None, "海珠区", Organisation.Kind.DISTRICT, city),
    )

    report = UpwardReport.submit(office, "day", DAY, "今日新增完成整改2项。")

    assert report.sender == district and report.recipient == city
    assert report.figures["items"] == 0 and "completed_pct" in report.figures
    [entry] = [e for e in entries_for(city_office) if e.kind == "upward_report"]
    assert entry.url == f"/oversight/reports/{report.pk}/"
    assert Notification.objects.filter(user=city_office, subject_kind="upward_report").exists()
    assert not [e for e in entries_for(sibling_office) if e.kind == "upward_report"]

    client.force_login(city_office)
    page = client.get(entry.url)
    assert page.status_code == 200 and "今日新增完成整改2项" in page.content.decode()
    assert client.post(f"/oversight/reports/{report.pk}/receive/").status_code == 302
    report.refresh_from_db()
    assert report.received_by == city_office
    assert not [e for e in entries_for(city_office) if e.kind == "upward_report"]

    client.force_login(sibling_office)
    assert client.get(entry.url).status_code == 404


def test_once_per_period_and_only_by_an_office_with_a_level_above(tree):
    city, _district = tree
    office = make_user("office", Role.OFFICE)
    UpwardReport.submit(office, "week", DAY, "本周进展")
    with pytest.raises(ValidationError):
        UpwardReport.submit(office, "week", DAY + datetime.timedelta(days=1), "again")
    with pytest.raises(PermissionError):
        UpwardReport.submit(make_user("leader", Role.LEADER), "day", DAY, "x")
    with pytest.raises(PermissionError):
        UpwardReport.submit(make_user("city", Role.OFFICE, organisation=city), "day", DAY, "x")
    assert UpwardReport.objects.count() == 1


def test_the_office_sends_it_from_the_page(client, tree):
    office = make_user("office", Role.OFFICE)
    client.force_login(office)
    assert "向广州市报送整改进展" in client.get("/oversight/reports/").content.decode()
    response = client.post(
        "/oversight/reports/new/", {"period": "day", "day": "2018-11-26", "text": "日报内容"}
    )
    assert response.status_code == 302
    assert UpwardReport.objects.get().text == "日报内容"
    bad = client.post("/oversight/reports/new/", {"period": "day", "day": "2018-11-26", "text": ""})
    assert bad.status_code == 400 and UpwardReport.objects.count() == 1
