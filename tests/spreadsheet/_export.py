import io

from zhenggai.spreadsheet.layout import Outline
from zhenggai.spreadsheet.ledger_export import ledger_rows, write_workbook
from zhenggai.tasks.models import Task


def export_bytes(campaign, tasks=None) -> bytes:
    tasks = Task.objects.filter(finding__campaign=campaign) if tasks is None else tasks
    out = io.BytesIO()
    write_workbook(ledger_rows(tasks, Outline(campaign.pk)), out, campaign)
    return out.getvalue()
