import hashlib
from importlib import resources

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from reportparser import parse_text
from zhenggai.demo import ensure_demo_accounts
from zhenggai.inspections.importer import import_report
from zhenggai.inspections.models import SourceDocument
from zhenggai.inspections.summary import describe_import

SEED = "liwan-2018.txt"


def seed_text() -> str:
    return resources.files("zhenggai").joinpath("seeds", SEED).read_text(encoding="utf-8")


class Command(BaseCommand):
    help = "演示:迁移数据库、导入示例报告、建立各角色演示账号,然后在 127.0.0.1 上提供服务。"

    def add_arguments(self, parser):
        parser.add_argument("--no-serve", action="store_true", help="准备好数据后退出,不启动服务")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1")

    def handle(self, *args, **options):
        call_command("migrate", interactive=False, verbosity=0)
        text = seed_text()
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        if SourceDocument.objects.filter(sha256=digest).exists():
            self.stdout.write("示例报告已导入,跳过。")
        else:
            summary = import_report(parse_text(text).to_dict(), filename=SEED, text=text)
            self.stdout.write(describe_import(summary))

        accounts = ensure_demo_accounts()
        self.stdout.write("")
        self.stdout.write(f"演示账号(密码均为:{settings.DEMO_PASSWORD}):")
        for user in accounts:
            unit = f" · {user.unit}" if user.unit else ""
            self.stdout.write(f"  {user.username:<12} {user.get_role_display()}{unit}")
        if options["no_serve"]:
            return
        self.serve(options["host"], options["port"])

    def serve(self, host: str, port: int) -> None:
        from waitress import serve

        from zhenggai.wsgi import application

        self.stdout.write(f"\n正在 http://{host}:{port}/ 提供服务(Ctrl-C 退出)")
        self.stdout.flush()
        serve(application, host=host, port=port, threads=8, ident="zhenggai")
