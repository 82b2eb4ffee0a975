import json

from django.core.management.base import BaseCommand

from reportparser.figures import find_figures


class Command(BaseCommand):
    help = "找出整改进展文字中的量化数据(如“完成治理435宗”“34.5万平方米”)。"
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("text", help="进展文字")
        parser.add_argument("--json", action="store_true", help="输出 JSON 列表")

    def handle(self, *args, text, **options):
        figures = find_figures(text)
        if options["json"]:
            self.stdout.write(json.dumps([f.to_dict() for f in figures], ensure_ascii=False))
            return
        for f in figures:
            approx = "约" if f.approx else ""
            self.stdout.write(f"{f.what or '—'}\t{approx}{f.value}\t{f.unit}")
