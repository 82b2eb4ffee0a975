from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from zhenggai.documents.gbt9704 import FontsMissing
from zhenggai.inspections.models import Campaign
from zhenggai.publication import exports
from zhenggai.publication.compose import compose
from zhenggai.publication.models import PublicReport


class Command(BaseCommand):
    help = (
        "导出整改进展公开报告(.txt / .docx / .pdf):默认按当前台账生成,"
        "加 --published 则导出最近发布的一期。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, help="输出文件,扩展名决定格式")
        parser.add_argument("--published", action="store_true", help="导出最近发布的一期")
        parser.add_argument("--campaign", type=int, help="整改工作编号(默认最新的一项)")

    def handle(self, *args, out, published, campaign, **options):
        kind = Path(out).suffix.lower().lstrip(".")
        if kind not in exports.EXPORTERS:
            raise CommandError(
                f"不支持的文件类型“{Path(out).suffix or out}”,请使用 .txt、.docx 或 .pdf",
                returncode=2,
            )
        campaigns = Campaign.objects.all()
        if campaign is not None:
            campaigns = campaigns.filter(pk=campaign)
        chosen = campaigns.first()
        if chosen is None:
            raise CommandError(
                f"没有编号为 {campaign} 的整改工作" if campaign is not None else "还没有整改工作",
                returncode=2,
            )
        if published:
            report = (
                PublicReport.objects.published()
                .filter(campaign=chosen)
                .order_by("-published_at", "-number")
                .first()
            )
            if report is None:
                raise CommandError(f"“{chosen}”还没有发布过进展报告", returncode=2)
        else:
            report = PublicReport.from_composed(chosen, compose(chosen))
        try:
            Path(out).write_bytes(exports.export(report, kind))
        except OSError as exc:
            raise CommandError(f"无法写入 {out}:{exc.strerror or exc}", returncode=2) from None
        except FontsMissing as exc:
            raise CommandError(str(exc), returncode=3) from None
        self.stdout.write(f"已导出:{out}")
