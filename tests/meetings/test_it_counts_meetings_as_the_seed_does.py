import pytest

from tests.meetings.conftest import add_seed_meetings
from zhenggai.meetings.models import Meeting, MeetingKind, counts, sentence, sentence_parts

SEED = (
    "区委先后召开4次常委会会议。"
    "区委整改工作领导小组召开1个动员会、1个推进会和3个专题会议。"
    "区整改办召开6次工作例会。"
)


def test_it_counts_the_seeds_meetings_by_kind(world):
    add_seed_meetings(world.campaign)
    assert counts(world.campaign) == {
        "standing": 4,
        "mobilisation": 1,
        "progress": 1,
        "topic": 3,
        "routine": 6,
    }
    assert counts(world.elsewhere) == dict.fromkeys(MeetingKind.values, 0)


def test_it_renders_the_seeds_sentence_from_the_records(world):
    add_seed_meetings(world.campaign)
    assert sentence(world.campaign) == SEED
    seed_text = open("zhenggai/seeds/liwan-2018.txt", encoding="utf-8").read()
    for part in sentence_parts(world.campaign):
        assert part in seed_text


def test_it_counts_in_one_query(world, django_assert_num_queries):
    add_seed_meetings(world.campaign)
    with django_assert_num_queries(1):
        sentence(world.campaign)


def test_it_leaves_out_kinds_with_no_meetings(world):
    Meeting.objects.create(
        campaign=world.campaign, kind=MeetingKind.TOPIC, title="专题", date="2018-08-01"
    )
    Meeting.objects.create(
        campaign=world.campaign, kind=MeetingKind.PROGRESS, title="推进", date="2018-08-02"
    )
    assert sentence(world.campaign) == "区委整改工作领导小组召开1个推进会和1个专题会议。"
    assert sentence(world.elsewhere) == ""


def test_it_names_other_bodies(world):
    add_seed_meetings(world.campaign)
    text = sentence(world.campaign, party="县委", group="县委巡察整改领导小组", office="县整改办")
    assert text.startswith("县委先后召开4次常委会会议。县委巡察整改领导小组召开")
    assert text.endswith("县整改办召开6次工作例会。")


@pytest.mark.parametrize("who", ["office", "leader", "liaison"])
def test_it_shows_counts_and_sentence_on_the_list(client, world, who):
    add_seed_meetings(world.campaign)
    client.force_login(world.users[who])
    response = client.get("/meetings/", {"campaign": world.campaign.pk})
    assert response.status_code == 200
    assert SEED in response.content.decode()


def test_it_filters_the_list_by_kind(client, world):
    add_seed_meetings(world.campaign)
    client.force_login(world.office)
    response = client.get("/meetings/", {"campaign": world.campaign.pk, "kind": "topic"})
    body = response.content.decode()
    assert body.count("领导小组专题会议第") == 3
    assert "整改办工作例会第" not in body
