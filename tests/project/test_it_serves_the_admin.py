import pytest
from django.contrib import admin

from tests.conftest import make_user
from zhenggai.accounts.models import Role

pytestmark = pytest.mark.django_db


def test_it_opens_every_admin_list_and_add_page(client, django_assert_max_num_queries):
    boss = make_user("root", role=Role.OFFICE, is_staff=True, is_superuser=True)
    client.force_login(boss)
    for model in admin.site._registry:
        meta = model._meta
        url = f"/admin/{meta.app_label}/{meta.model_name}/"
        assert client.get(url).status_code == 200, url
        response = client.get(url + "add/")
        assert response.status_code in (200, 403), url
