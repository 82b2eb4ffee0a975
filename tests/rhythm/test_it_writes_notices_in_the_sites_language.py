"""A 督办单 and its reply are told in the site's language (settings.LANGUAGE_CODE), as
every domain event is (lib/events.py), not in the English the actor's browser chose."""

import datetime

from django.utils import translation

from zhenggai.inbox.models import Notification
from zhenggai.rhythm.models import SupervisionNotice


def test_it_tells_a_notice_and_its_reply_in_the_sites_language(world, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    with translation.override("en"):
        notice = SupervisionNotice.issue(
            world.office, world.a, "请于限期内报送整改进展。", datetime.date(2018, 8, 20)
        )
        notice.answer(world.liaison_a, "已报送。")
        # The actor's own language is untouched.
        assert translation.get_language() == "en"
    told = Notification.objects.get(user=world.liaison_a, subject_kind="notice")
    assert told.title.startswith("【督办】")
    reply = Notification.objects.get(user=world.office, subject_kind="notice_reply")
    assert reply.title.startswith("【督办回复】") and "已回复督办单" in reply.title
