"""public_replies_for(tasks): what the public report shows under its items."""

from tests.feedback.conftest import make_feedback
from zhenggai.feedback.public import public_replies_for


def test_it_returns_only_public_replies_without_personal_data(world, django_assert_num_queries):
    shown = make_feedback(
        world.campaign, "通道被占", item=world.t1, name="张三", contact="13800138000"
    )
    shown.answer(world.office, "已清理。", public=True)
    private = make_feedback(world.campaign, "私下答复", item=world.t1)
    private.answer(world.office, "内部答复")
    make_feedback(world.campaign, "未答复", item=world.t1)
    other = make_feedback(world.campaign, "科技平台", item=world.t2)
    other.answer(world.office, "平台已建成。", public=True)
    other.close(world.office)

    with django_assert_num_queries(1):
        replies = public_replies_for([world.t1, world.t2.pk])

    assert set(replies) == {world.t1.pk, world.t2.pk}
    [(received_at, message, reply)] = replies[world.t1.pk]
    assert (message, reply) == ("通道被占", "已清理。")
    assert received_at == shown.received_at
    assert replies[world.t2.pk][0][1:] == ("科技平台", "平台已建成。")
    # A whole phone number: a short one ("138") turned up inside item ids and microseconds.
    flat = str(replies)
    assert "张三" not in flat and "13800138000" not in flat and "内部答复" not in flat


def test_it_asks_nothing_for_no_items(world, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert public_replies_for([]) == {}
