import time

from django.core.management.base import BaseCommand, CommandError

from zhenggai.inspections.models import Campaign
from zhenggai.spreadsheet.layout import Outline
from zhenggai.spreadsheet.ledger_export import ledger_rows, write_workbook
from zhenggai.tasks.models import Task


def pick_campaign(raw):
    """--campaign ID, or the only campaign; with several, the newest (as /ledger/)."""
    if raw is not None:
        campaign = Campaign.objects.filter(pk=raw).first()
        if campaign is None:
            raise CommandError(f"没有编号为 {raw} 的整改工作")
        return campaign
    campaign = Campaign.objects.first()
    if campaign is None:
        raise CommandError("尚无整改工作")
    return campaign


class Command(BaseCommand):
    help = "把总台账导出为 Excel(.xlsx),列同“导出Excel”:序号、问题类别、存在问题、整改措施……"

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, help="输出文件,如 台账.xlsx")
        parser.add_argument("--campaign", type=int, help="整改工作编号(默认最新的一项)")

    def handle(self, *args, **options):
        campaign = pick_campaign(options["campaign"])
        # The console is the operator's: the whole ledger, as the office sees it.
        tasks = Task.objects.filter(finding__campaign=campaign)
        started = time.monotonic()
        n = write_workbook(ledger_rows(tasks, Outline(campaign.pk)), options["out"], campaign)
        seconds = time.monotonic() - started
        self.stdout.write(f"已导出 {n} 项到 {options['out']}({campaign.name},{seconds:.1f} 秒)")
