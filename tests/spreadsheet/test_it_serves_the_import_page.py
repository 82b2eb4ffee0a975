import pytest
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.spreadsheet._export import export_bytes
from tests.spreadsheet.conftest import by_label, cells, edited, workbook_bytes

URL = reverse("ledger_import")


def upload(client, seed, rows):
    data = workbook_bytes(rows[1:], rows[0])
    return client.post(
        URL,
        {"campaign": seed.campaign.pk, "file": SimpleUploadedFile("台账.xlsx", data)},
    )


@pytest.mark.parametrize("who", ["leader", "observer", "housing_liaison"])
def test_it_refuses_everyone_but_the_office(client, seed, who):
    client.force_login(getattr(seed, who))
    assert client.get(URL).status_code == 403
    rows = cells(export_bytes(seed.campaign))
    assert upload(client, seed, rows).status_code == 403


def test_it_previews_then_applies_on_confirmation(client, settings, tmp_path, seed):
    settings.DATA_DIR = tmp_path
    client.force_login(seed.office)
    page = client.get(URL, {"campaign": seed.campaign.pk})
    assert page.status_code == 200 and 'type="file"' in page.content.decode()

    rows = edited(cells(export_bytes(seed.campaign)), "(1)", 责任领导="李副区长")
    response = upload(client, seed, rows)
    assert response.status_code == 200
    plan = response.context["plan"]
    assert len(plan.updated) == 1 and plan.rows == 63
    assert "确认导入" in response.content.decode()
    assert by_label(seed.campaign, "(1)").leader == "张副区长"
    # Kept in the staging storage between the preview and the confirmation.
    assert storages["staging"].listdir("ledger-imports")[1] == [f"{response.context['token']}.xlsx"]

    response = client.post(
        URL,
        {
            "campaign": seed.campaign.pk,
            "confirm": "1",
            "token": response.context["token"],
            "fingerprint": plan.fingerprint(),
        },
    )
    assert response.status_code == 200 and response.context["applied"]
    assert by_label(seed.campaign, "(1)").leader == "李副区长"
    assert storages["staging"].listdir("ledger-imports")[1] == []


def test_it_lists_row_errors_and_offers_no_confirmation(client, settings, tmp_path, seed):
    settings.DATA_DIR = tmp_path
    client.force_login(seed.office)
    rows = edited(cells(export_bytes(seed.campaign)), "(4)", 完成时限="2018-13-45")
    response = upload(client, seed, rows)
    assert response.status_code == 422
    body = response.content.decode()
    assert "第5行 H列(完成时限):无法识别的日期“2018-13-45”" in body
    assert "确认导入" not in body


def test_it_refuses_a_confirmation_it_did_not_preview(client, settings, tmp_path, seed):
    settings.DATA_DIR = tmp_path
    client.force_login(seed.office)
    response = client.post(
        URL, {"campaign": seed.campaign.pk, "confirm": "1", "token": "0" * 32, "fingerprint": ""}
    )
    assert response.status_code == 409
