import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reportparser import NotAReport, parse_file
from zhenggai.inspections.summary import describe_parse


class Command(BaseCommand):
    help = "解析整改进展报告(.txt / .html / .docx / .pdf),只读,不写数据库。"
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("path", help="报告文件")
        parser.add_argument("--json", action="store_true", help="输出 JSON")

    def handle(self, *args, path, **options):
        if not Path(path).is_file():
            raise CommandError(f"文件不存在:{path}", returncode=2)
        try:
            report = parse_file(path)
        except NotAReport as exc:
            raise CommandError(str(exc), returncode=2) from None
        except OSError as exc:
            raise CommandError(f"无法读取 {path}:{exc.strerror or exc}", returncode=2) from None
        data = report.to_dict()
        if options["json"]:
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(describe_parse(data))
