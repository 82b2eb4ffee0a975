"""A privileged role granted by an administrator browsing in English is told to the
discipline commission in the site's language (settings.LANGUAGE_CODE)."""

from django.utils import translation

from tests.accounts.conftest import STRONG
from zhenggai.accounts.actions import create_account
from zhenggai.accounts.models import Role
from zhenggai.inbox.models import Notification


def test_it_tells_the_discipline_commission_in_the_sites_language(people, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    with translation.override("en"):
        create_account(people.admin, password=STRONG, username="new-office", role=Role.OFFICE)
    told = Notification.objects.get(user=people.discipline, subject_kind="role_grant")
    assert told.title == "账号 new-office 被授予“整改办”角色"
    assert told.body.startswith("操作人:sysadmin;时间:")
