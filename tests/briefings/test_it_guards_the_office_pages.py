import pytest
from django.urls import reverse

from tests.briefings.conftest import MONDAY, SCRIPT, SUNDAY
from zhenggai.briefings.models import Briefing


@pytest.fixture
def pair(week, people):
    """An issued briefing and a draft."""
    issued = Briefing.create_draft(week.campaign, "weekly", MONDAY, SUNDAY, people.office)
    issued.issue(people.office)
    draft = Briefing.create_draft(week.campaign, "weekly", MONDAY, SUNDAY, people.office)
    return issued, draft


def _get(client, user, name, *args):
    client.force_login(user)
    return client.get(reverse(name, args=args))


def test_it_lets_the_office_draft_edit_preview_and_issue(client, week, people):
    client.force_login(people.office)
    page = client.get(reverse("briefings:list"))
    assert page.status_code == 200 and "按台账起草" in page.content.decode()
    response = client.post(
        reverse("briefings:new"),
        {"campaign": week.campaign.pk, "kind": "weekly", "week": "2018-W36", "month": ""},
    )
    briefing = Briefing.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "briefings:edit", args=[briefing.pk]
    )
    assert (briefing.period_start, briefing.period_end, briefing.number) == (MONDAY, SUNDAY, 1)

    form = client.get(reverse("briefings:edit", args=[briefing.pk]))
    assert form.status_code == 200 and "甲事项本周完成治理435宗" in form.content.decode()
    data = {
        "title": briefing.title,
        "issuer": "荔湾区委巡视整改办",
        "issue_date": "2018-09-10",
        "overview": briefing.overview,
        "progress": briefing.progress + "\n办公室补充。",
        "changes": briefing.changes,
        "figures": briefing.figures,
        "problems": briefing.problems,
        "next_steps": "下周继续督办。",
    }
    assert client.post(reverse("briefings:edit", args=[briefing.pk]), data).status_code == 302
    preview = client.get(reverse("briefings:preview", args=[briefing.pk])).content.decode()
    assert "办公室补充。" in preview and "荔湾区委巡视整改办" in preview and "<svg" in preview
    assert "&lt;script&gt;" in preview and SCRIPT not in preview

    assert (
        client.post(reverse("briefings:issue", args=[briefing.pk]), {"confirm": "1"}).status_code
        == 302
    )
    briefing.refresh_from_db()
    assert briefing.is_issued and briefing.issued_by == people.office
    again = client.post(reverse("briefings:edit", args=[briefing.pk]), data)
    assert again.status_code == 302 and again.url == reverse(
        "briefings:preview", args=[briefing.pk]
    )
    briefing.refresh_from_db()
    assert briefing.issue_date.isoformat() == "2018-09-10"


def test_it_refuses_a_bad_week(client, week, people):
    client.force_login(people.office)
    response = client.post(
        reverse("briefings:new"), {"campaign": week.campaign.pk, "kind": "weekly", "week": "W99"}
    )
    assert response.status_code == 422 and not Briefing.objects.exists()


@pytest.mark.parametrize("role", ["leader", "discipline", "observer"])
def test_it_lets_readers_read_and_download_issued_ones(client, pair, people, role):
    issued, draft = pair
    user = getattr(people, role)
    listing = _get(client, user, "briefings:list").content.decode()
    assert reverse("briefings:preview", args=[issued.pk]) in listing
    assert reverse("briefings:preview", args=[draft.pk]) not in listing
    assert "按台账起草" not in listing
    assert _get(client, user, "briefings:preview", issued.pk).status_code == 200
    docx = _get(client, user, "briefings:download", issued.pk, "docx")
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    pdf = _get(client, user, "briefings:download", issued.pk, "pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert _get(client, user, "briefings:preview", draft.pk).status_code == 404
    assert _get(client, user, "briefings:download", draft.pk, "pdf").status_code == 404
    assert _get(client, user, "briefings:edit", draft.pk).status_code == 403
    assert client.post(reverse("briefings:issue", args=[draft.pk])).status_code == 403
    assert client.post(reverse("briefings:new"), {"kind": "weekly"}).status_code == 403


@pytest.mark.parametrize("role", ["liaison", "member"])
def test_it_keeps_units_out(client, pair, people, role):
    issued, _draft = pair
    user = getattr(people, role)
    for name, args in (
        ("briefings:list", ()),
        ("briefings:preview", (issued.pk,)),
        ("briefings:download", (issued.pk, "docx")),
        ("briefings:download", (issued.pk, "pdf")),
    ):
        assert _get(client, user, name, *args).status_code == 403


def test_it_sends_anonymous_users_to_the_login_page(client, pair):
    issued, _draft = pair
    response = client.get(reverse("briefings:download", args=[issued.pk, "pdf"]))
    assert response.status_code == 302 and "/login/" in response.url


def test_it_shows_the_office_its_drafts_and_only_docx_pdf(client, pair, people):
    issued, draft = pair
    client.force_login(people.office)
    assert client.get(reverse("briefings:preview", args=[draft.pk])).status_code == 200
    assert client.get(reverse("briefings:download", args=[draft.pk, "txt"])).status_code == 404
    assert "简报报告" in client.get(reverse("home")).content.decode()
