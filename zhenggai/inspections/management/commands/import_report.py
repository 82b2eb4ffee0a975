from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reportparser import NotAReport, parse_text, read_document
from zhenggai.inspections.importer import LedgerImportError, import_report
from zhenggai.inspections.summary import describe_import


class Command(BaseCommand):
    help = "解析整改进展报告并建立新的整改台账(全部成功或全部不写)。"

    def add_arguments(self, parser):
        parser.add_argument("path", help="报告文件(.txt / .html / .docx / .pdf)")

    def handle(self, *args, path, **options):
        if not Path(path).is_file():
            raise CommandError(f"文件不存在:{path}", returncode=2)
        try:
            text = read_document(path)
            data = parse_text(text).to_dict()
        except NotAReport as exc:
            raise CommandError(str(exc), returncode=2) from None
        except OSError as exc:
            raise CommandError(f"无法读取 {path}:{exc.strerror or exc}", returncode=2) from None
        try:
            summary = import_report(data, filename=Path(path).name, text=text)
        except LedgerImportError as exc:
            for problem in exc.problems:
                self.stderr.write(problem)
            raise CommandError(
                f"导入失败:{len(exc.problems)} 处错误,未写入任何数据", returncode=2
            ) from None
        self.stdout.write(describe_import(summary))
