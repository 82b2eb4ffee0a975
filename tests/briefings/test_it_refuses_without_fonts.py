"""Without the fonts a PDF embeds, nothing prints blank boxes: the renderer refuses with
a message saying what to install, and nothing is frozen half-rendered."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.briefings.conftest import MONDAY, SUNDAY, WEEK
from zhenggai.briefings.models import Briefing
from zhenggai.documents import gbt9704


@pytest.fixture
def no_kai(monkeypatch):
    """A machine where fontconfig knows every font but the 楷体 substitute."""
    real = gbt9704.subprocess.run

    def fc_list(args, **kwargs):
        result = real(args, **kwargs)
        if args[:1] == ["fc-list"]:
            result.stdout = "\n".join(
                line for line in result.stdout.splitlines() if "WenKai" not in line
            )
        return result

    monkeypatch.setattr(gbt9704.subprocess, "run", fc_list)


def test_the_fonts_are_installed_here():
    assert gbt9704.missing_fonts() == []


def test_the_command_refuses_with_what_to_install(week, no_kai, tmp_path):
    out = tmp_path / "b.pdf"
    with pytest.raises(CommandError) as exc:
        call_command("briefing", "--week", WEEK, "--out", str(out))
    assert exc.value.returncode == 3
    assert "fonts-lxgw-wenkai" in str(exc.value) and "字体" in str(exc.value)
    assert not out.exists()
    # Word files name the fonts and need none installed.
    call_command("briefing", "--week", WEEK, "--out", str(tmp_path / "b.docx"))


def test_issuing_refuses_and_leaves_the_draft_a_draft(week, people, no_kai, client):
    draft = Briefing.create_draft(
        week.campaign, Briefing.Kind.WEEKLY, MONDAY, SUNDAY, people.office
    )
    client.force_login(people.office)
    response = client.post(f"/briefings/{draft.pk}/issue/", {"confirm": "1"}, follow=True)
    assert response.status_code == 200
    assert "fonts-lxgw-wenkai" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Briefing.Status.DRAFT
