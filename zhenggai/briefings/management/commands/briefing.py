from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from zhenggai.briefings import exports
from zhenggai.briefings.drafting import BadPeriod, parse_month, parse_week
from zhenggai.briefings.models import Briefing, two_month_period
from zhenggai.documents.gbt9704 import FontsMissing
from zhenggai.inspections.models import Campaign
from zhenggai.lib import clock


class Command(BaseCommand):
    help = (
        "按台账起草整改简报(--week 2018-W36)、月度阶段性进展(--month 2018-09)"
        "或两个月整改落实情况报告(--two-month),导出为 .docx / .pdf / .txt。不保存草稿。"
    )

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--week", help="ISO 周,如 2018-W36")
        which.add_argument("--month", help="月份,如 2018-09")
        which.add_argument("--two-month", action="store_true", help="反馈后两个月的整改报告")
        parser.add_argument("--out", required=True, help="输出文件,扩展名决定格式")
        parser.add_argument("--campaign", type=int, help="整改工作编号(只有一项时可省略)")

    def handle(self, *args, week, month, two_month, out, campaign, **options):
        kind = Path(out).suffix.lower().lstrip(".")
        if kind not in exports.EXPORTERS:
            raise CommandError(
                f"不支持的文件类型“{Path(out).suffix or out}”,请使用 .docx、.pdf 或 .txt",
                returncode=2,
            )
        chosen = self._campaign(campaign)
        try:
            if week is not None:
                report_kind, (start, end) = Briefing.Kind.WEEKLY, parse_week(week)
            elif month is not None:
                report_kind, (start, end) = Briefing.Kind.MONTHLY, parse_month(month)
            else:
                report_kind = Briefing.Kind.TWO_MONTH
                period = two_month_period(chosen, clock.today())
                if period is None:
                    raise CommandError(
                        f"“{chosen}”没有巡视反馈日期,无法确定两个月的期限", returncode=2
                    )
                start, end = period
        except BadPeriod as exc:
            example = "2018-W36" if week is not None else "2018-09"
            raise CommandError(f"无法识别的时间“{exc}”,格式如 {example}", returncode=2) from None
        briefing = Briefing.compose(
            chosen,
            report_kind,
            start,
            end,
            number=Briefing.next_number(campaign=chosen, kind=report_kind),
        )
        try:
            Path(out).write_bytes(exports.export(briefing, kind))
        except OSError as exc:
            raise CommandError(f"无法写入 {out}:{exc.strerror or exc}", returncode=2) from None
        except FontsMissing as exc:
            raise CommandError(str(exc), returncode=3) from None
        self.stdout.write(f"已导出:{out}")

    def _campaign(self, pk):
        if pk is not None:
            chosen = Campaign.objects.filter(pk=pk).first()
            if chosen is None:
                raise CommandError(f"没有编号为 {pk} 的整改工作", returncode=2)
            return chosen
        campaigns = list(Campaign.objects.order_by("pk")[:2])
        if not campaigns:
            raise CommandError("还没有整改工作", returncode=2)
        if len(campaigns) > 1:
            raise CommandError("有多项整改工作,请用 --campaign 指定编号", returncode=2)
        return campaigns[0]
