from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reportparser.plan import PlanError, read_plan
from zhenggai.inspections.importer import LedgerImportError
from zhenggai.inspections.models import Campaign
from zhenggai.inspections.plan_import import check_plan, import_plan, plan_text
from zhenggai.inspections.summary import describe_import


class Command(BaseCommand):
    help = "读取整改方案的任务清单并建立整改台账(或并入已有整改工作),全部成功或全部不写。"

    def add_arguments(self, parser):
        parser.add_argument("path", help="任务清单文件(.docx / .xlsx)")
        parser.add_argument("--campaign", type=int, help="并入该整改工作(编号),而不新建")

    def handle(self, *args, path, campaign=None, **options):
        if not Path(path).is_file():
            raise CommandError(f"文件不存在:{path}", returncode=2)
        target = None
        if campaign is not None:
            target = Campaign.objects.filter(pk=campaign).first()
            if target is None:
                raise CommandError(f"整改工作 #{campaign} 不存在", returncode=2)
        try:
            plan = read_plan(path)
        except PlanError as exc:
            raise CommandError(str(exc), returncode=2) from None
        checked = check_plan(plan)
        for name, rows in checked.unknown_units.items():
            rows_text = "、".join(str(r) for r in rows)
            self.stderr.write(
                f"未匹配的单位“{name}”(第{rows_text}行):未指派,请核对后在单位管理中添加"
            )
        try:
            summary = import_plan(
                plan, filename=Path(path).name, text=plan_text(plan), campaign=target
            )
        except LedgerImportError as exc:
            for problem in exc.problems:
                self.stderr.write(problem)
            raise CommandError(
                f"导入失败:{len(exc.problems)} 处错误,未写入任何数据", returncode=2
            ) from None
        self.stdout.write(describe_import(summary))
