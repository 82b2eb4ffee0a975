"""A city over districts, each with a campaign, units and items: the oversight world."""

import datetime

from tests.conftest import make_unit, make_user
from tests.world import make_campaign, make_finding, make_task
from zhenggai.accounts.models import Role
from zhenggai.organisations.models import Organisation
from zhenggai.tasks.models import Status, Timeframe

TODAY = datetime.date(2018, 11, 20)


def make_city(n_districts, items_per_district=3):
    """广州市 with `n_districts` districts, each with a campaign whose first item is
    completed and whose second is overdue."""
    city = Organisation.create(None, "广州市", Organisation.Kind.CITY)
    districts = []
    for i in range(n_districts):
        district = Organisation.create(None, f"第{i + 1}区", Organisation.Kind.DISTRICT, city)
        unit = make_unit(f"第{i + 1}区住建局", organisation=district)
        campaign = make_campaign(f"第{i + 1}区巡视整改")
        campaign.owner = district
        campaign.save()
        root = make_finding(campaign, "(一)", "问题类别")
        for j in range(items_per_district):
            finding = make_finding(campaign, f"({j + 1})", f"针对问题{j + 1}的问题", root)
            status = [Status.COMPLETED, Status.IN_PROGRESS][min(j, 1)]
            make_task(
                finding,
                unit,
                status=status,
                timeframe=Timeframe.DEADLINE,
                deadline=TODAY - datetime.timedelta(days=5)
                if j == 1
                else TODAY + datetime.timedelta(days=30),
            )
        districts.append(district)
    office = make_user("city-office", Role.OBSERVER, organisation=city)
    return city, districts, office
