import datetime
import hashlib
import os
import signal
import subprocess
import sys
from collections import Counter
from importlib import resources

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from reportparser import parse_text
from zhenggai.demo import ensure_demo_accounts
from zhenggai.demo_story import FEEDBACK, on, publish, replay
from zhenggai.inspections.importer import PARSER_STATUS, import_report
from zhenggai.inspections.models import SourceDocument
from zhenggai.inspections.summary import describe_import
from zhenggai.tasks.models import Task

SEED = "liwan-2018.txt"


@transaction.atomic
def play_seed(text: str):
    """Import the seed as drafts, then replay the campaign to the report's statuses."""
    data = parse_text(text).to_dict()
    # The ledger was set up the day after the feedback, and the story runs from there.
    with on(FEEDBACK + datetime.timedelta(days=1), 9):
        summary = import_report(data, filename=SEED, text=text, as_draft=True)
    campaign = summary.campaign
    campaign.name = f"{campaign.name}(演示)"
    campaign.save(update_fields=["name"])
    replay(campaign, {label: PARSER_STATUS[status] for label, status in _leaf_statuses(data)})
    publish(campaign)
    summary.status_counts = dict(
        Counter(Task.objects.filter(finding__campaign=campaign).values_list("status", flat=True))
    )
    return summary


def _leaf_statuses(data):
    stack = list(data["nodes"])
    while stack:
        node = stack.pop()
        if node["children"]:
            stack.extend(node["children"])
        else:
            yield node["label"], node["status"]


def seed_text() -> str:
    return resources.files("zhenggai").joinpath("seeds", SEED).read_text(encoding="utf-8")


class Command(BaseCommand):
    help = "演示:迁移数据库、导入示例报告、建立各角色演示账号,然后在 127.0.0.1 上提供服务。"

    def add_arguments(self, parser):
        parser.add_argument("--no-serve", action="store_true", help="准备好数据后退出,不启动服务")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument(
            "--no-worker", action="store_true", help="不在服务旁启动提醒任务进程(zhenggai worker)"
        )

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError(
                "zhenggai demo 不能在正式环境运行(ZHENGGAI_ENV=production):"
                "它会建立密码公开的演示账号。"
            )
        call_command("migrate", interactive=False, verbosity=0)
        accounts = ensure_demo_accounts()
        text = seed_text()
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        if SourceDocument.objects.filter(sha256=digest).exists():
            self.stdout.write("示例报告已导入,跳过。")
        else:
            self.stdout.write("导入示例报告,并按报告重演整改过程(2018-07-24 至 2018-11-27)……")
            self.stdout.flush()
            self.stdout.write(describe_import(play_seed(text)))

        self.stdout.write("")
        self.stdout.write(f"演示账号(密码均为:{settings.DEMO_PASSWORD}):")
        for user in accounts:
            unit = f" · {user.unit}" if user.unit else ""
            self.stdout.write(f"  {user.username:<12} {user.get_role_display()}{unit}")
        if options["no_serve"]:
            return
        worker = None if options["no_worker"] else self.start_worker()
        # A SIGTERM must stop the worker too: turn it into SystemExit so `finally` runs.
        signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))
        try:
            self.serve(options["host"], options["port"])
        finally:
            if worker is not None:
                worker.terminate()
                try:
                    worker.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    worker.kill()

    def start_worker(self):
        """The reminder worker (`zhenggai worker`) as a process of its own beside the web
        server, stopped with it. Without EMAIL_HOST its mails go to files under
        ZHENGGAI_DATA_DIR/mail instead of an SMTP server."""
        env = dict(os.environ)
        if "EMAIL_HOST" not in env:
            env.setdefault(
                "ZHENGGAI_EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend"
            )
        self.stdout.write("提醒任务进程(zhenggai worker)已在后台启动。")
        return subprocess.Popen([sys.executable, "-m", "zhenggai.cli", "worker"], env=env)

    def serve(self, host: str, port: int) -> None:
        from waitress import serve

        from zhenggai.wsgi import application

        self.stdout.write(f"\n正在 http://{host}:{port}/ 提供服务(Ctrl-C 退出)")
        self.stdout.flush()
        serve(application, host=host, port=port, threads=8, ident="zhenggai")
