import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reportparser.plan import PlanError, read_plan


class Command(BaseCommand):
    help = "读取整改方案的任务清单(.docx / .xlsx),只读,不写数据库。"
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("path", help="整改方案或任务清单文件")
        parser.add_argument("--json", action="store_true", help="输出 JSON")

    def handle(self, *args, path, **options):
        if not Path(path).is_file():
            raise CommandError(f"文件不存在:{path}", returncode=2)
        try:
            plan = read_plan(path)
        except PlanError as exc:
            raise CommandError(str(exc), returncode=2) from None
        data = plan.to_dict()
        if options["json"]:
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"标题:{data['title'] or '(无)'}")
        self.stdout.write(
            "表头:" + ";".join(f"{header}→{name}" for header, name in data["columns"].items())
        )
        self.stdout.write(f"任务 {len(data['items'])} 项")
        for warning in data["warnings"]:
            self.stdout.write(f"  - {warning}")
