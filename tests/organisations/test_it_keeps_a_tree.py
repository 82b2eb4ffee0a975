import pytest
from django.core.exceptions import ValidationError

from zhenggai.audit.models import AuditEntry
from zhenggai.organisations.models import Organisation, default_organisation

pytestmark = pytest.mark.django_db


def test_every_existing_row_has_the_default_organisation():
    from tests.conftest import make_unit, make_user
    from tests.world import make_campaign

    default = default_organisation()
    assert make_campaign().owner == default
    assert make_unit().organisation == default
    assert make_user("someone").organisation == default


def test_the_subtree_is_one_prefix_query(django_assert_num_queries):
    province = Organisation.create(None, "广东省", Organisation.Kind.PROVINCE)
    city = Organisation.create(None, "广州市", Organisation.Kind.CITY, province)
    district = Organisation.create(None, "荔湾区", Organisation.Kind.DISTRICT, city)
    street = Organisation.create(None, "沙面街道", Organisation.Kind.STREET, district)
    other = Organisation.create(None, "深圳市", Organisation.Kind.CITY, province)
    with django_assert_num_queries(1):
        below_city = list(Organisation.objects.subtree(city))
    assert below_city == [city, district, street]
    assert list(Organisation.objects.below(province)) == [city, district, street, other]
    assert street.depth == 3 and street.is_below(city) and not city.is_below(street)


def test_a_move_rewrites_the_whole_subtree_and_is_audited():
    province = Organisation.create(None, "广东省", Organisation.Kind.PROVINCE)
    guangzhou = Organisation.create(None, "广州市", Organisation.Kind.CITY, province)
    shenzhen = Organisation.create(None, "深圳市", Organisation.Kind.CITY, province)
    district = Organisation.create(None, "荔湾区", Organisation.Kind.DISTRICT, guangzhou)
    street = Organisation.create(None, "沙面街道", Organisation.Kind.STREET, district)

    district.move(None, shenzhen)

    street.refresh_from_db()
    assert street.path.startswith(shenzhen.path)
    assert list(Organisation.objects.below(guangzhou)) == []
    assert set(Organisation.objects.below(shenzhen)) == {district, street}
    entry = AuditEntry.objects.filter(action="organisation_move").get()
    assert entry.before["parent"]["name"] == "广州市"
    assert entry.after["parent"]["name"] == "深圳市"


def test_it_refuses_a_move_under_itself():
    city = Organisation.create(None, "广州市", Organisation.Kind.CITY)
    district = Organisation.create(None, "荔湾区", Organisation.Kind.DISTRICT, city)
    with pytest.raises(ValidationError):
        city.move(None, district)
    with pytest.raises(ValidationError):
        city.move(None, city)
    district.refresh_from_db()
    assert district.parent == city and not AuditEntry.objects.filter(action="organisation_move")


def test_create_and_edit_are_audited_and_checked():
    with pytest.raises(ValidationError):
        Organisation.create(None, "  ", Organisation.Kind.CITY)
    city = Organisation.create(None, "广州市", Organisation.Kind.CITY)
    assert city.edit(None, name="广州市委") is True
    assert city.edit(None, name="广州市委") is False
    city.refresh_from_db()
    assert city.name == "广州市委"
    actions = list(AuditEntry.objects.values_list("action", flat=True))
    assert actions.count("organisation_create") >= 1 and actions.count("organisation_edit") == 1
