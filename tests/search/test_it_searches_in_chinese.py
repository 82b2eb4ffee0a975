import datetime

import pytest

from reportparser import parse_text
from tests.conftest import make_unit, make_user
from zhenggai.accounts.models import Role
from zhenggai.inspections.importer import import_report
from zhenggai.inspections.management.commands.demo import seed_text
from zhenggai.reporting.models import Period, ProgressReport
from zhenggai.search.query import highlight, search
from zhenggai.tasks.models import Task, Timeframe

pytestmark = pytest.mark.django_db


@pytest.fixture
def ledger(django_capture_on_commit_callbacks):
    # The import commits before anyone searches: run what it left for the commit (the
    # import's audit entries re-index its items), as a committed import would.
    text = seed_text()
    with django_capture_on_commit_callbacks(execute=True):
        summary = import_report(parse_text(text).to_dict(), filename="seed.txt", text=text)
    return summary.campaign


def labels(entries):
    return [e.task.finding.label if e.task_id else None for e in entries]


def test_it_finds_a_compound_word_inside_a_longer_one(ledger):
    office = make_user("office", role=Role.OFFICE)
    entries, words = search(office, "违法建设")
    found = labels(entries.select_related("task__finding"))
    assert words == ["违法", "建设"]
    # Item (5) is the one about 违法建设: its entries rank before any other item's.
    assert found[0] == "(5)"
    assert "(5)" in found


def test_it_highlights_the_words_and_escapes_the_rest():
    html = highlight("<script>违法建设</script>治理", ["违法", "建设"])
    assert html == "&lt;script&gt;<mark>违法</mark><mark>建设</mark>&lt;/script&gt;治理"


def test_it_shows_a_unit_only_what_it_may_read(ledger):
    police = make_unit("区公安分局")
    other = make_unit("区教育局")
    item = Task.objects.get(finding__campaign=ledger, finding__label="(14)")
    item.lead_unit = police
    item.save()
    liaison = make_user("ll", role=Role.LIAISON, unit=police)
    stranger = make_user("st", role=Role.LIAISON, unit=other)
    entries, _ = search(liaison, "五类车")
    assert {e.task_id for e in entries} == {item.pk}
    assert not search(stranger, "五类车")[0].exists()
    assert not search(stranger, "巡视")[0].exists()


def test_it_indexes_a_progress_report_when_it_is_filed(ledger, django_capture_on_commit_callbacks):
    police = make_unit("区公安分局")
    office = make_user("office", role=Role.OFFICE)
    liaison = make_user("ll", role=Role.LIAISON, unit=police)
    task = Task.objects.get(finding__campaign=ledger, finding__label="(21)")
    with django_capture_on_commit_callbacks(execute=True):
        task.set_assignment(office, task.version, lead_unit=police, timeframe=Timeframe.LONG_TERM)
    assert not search(office, "电诈窝点")[0].exists()
    with django_capture_on_commit_callbacks(execute=True):
        ProgressReport.file(
            liaison, task, Period.WEEK, datetime.date(2018, 8, 10), "本周捣毁电诈窝点3处。"
        )
    entries, _ = search(office, "电诈窝点")
    assert [e.kind for e in entries] == ["report"]


def test_it_takes_a_fixed_number_of_queries(ledger, django_assert_max_num_queries):
    office = make_user("office", role=Role.OFFICE)
    for q in ("整改", "扫黑除恶", "三会一课"):
        with django_assert_max_num_queries(2):
            entries, _ = search(office, q)
            list(entries[:20])


def test_it_serves_the_search_page(ledger, client):
    client.force_login(make_user("office", role=Role.OFFICE))
    response = client.get("/search/", {"q": "河涌"})
    assert response.status_code == 200
    assert "<mark>河涌</mark>" in response.content.decode()
    assert client.get("/search/", {"q": "", "kind": "bogus"}).status_code == 200


def test_it_finds_issued_briefings_and_feedback_for_the_ledgers_readers(
    ledger, django_capture_on_commit_callbacks
):
    from zhenggai.briefings.models import Briefing
    from zhenggai.feedback.models import Feedback

    office = make_user("office", role=Role.OFFICE)
    leader = make_user("leader", role=Role.LEADER)
    liaison = make_user("ll", role=Role.LIAISON, unit=make_unit("区公安分局"))
    week = (datetime.date(2018, 9, 3), datetime.date(2018, 9, 9))
    with django_capture_on_commit_callbacks(execute=True):
        briefing = Briefing.create_draft(ledger, Briefing.Kind.WEEKLY, *week, office)
    assert not search(leader, "简报")[0].filter(kind="briefing").exists()
    with django_capture_on_commit_callbacks(execute=True):
        briefing.issue(office)
    assert search(leader, "简报")[0].filter(kind="briefing", object_id=briefing.pk).exists()

    with django_capture_on_commit_callbacks(execute=True):
        Feedback.objects.create(campaign=ledger, message="建议加强河涌保洁巡查")
    assert [e.kind for e in search(office, "河涌保洁")[0]] == ["feedback"]
    assert not search(liaison, "河涌保洁")[0].exists()
