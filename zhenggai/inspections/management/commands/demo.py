import datetime
import errno
import hashlib
import os
import signal
import socket
import subprocess
import sys
import zoneinfo
from collections import Counter
from importlib import resources

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections, transaction

from reportparser import parse_text
from zhenggai.demo import ensure_demo_accounts
from zhenggai.demo_open import leave_open_work
from zhenggai.demo_story import FEEDBACK, REPORT_DATE, on, publish, replay
from zhenggai.inspections.importer import PARSER_STATUS, import_report
from zhenggai.inspections.models import SourceDocument
from zhenggai.inspections.summary import describe_import
from zhenggai.lib import clock
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
    leave_open_work(campaign)
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


def check_port(host: str, port: int) -> None:
    """Refuse, with a sentence and no traceback, when `host:port` cannot be served on."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        # As waitress binds: TIME_WAIT connections of an earlier run do not count.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                raise CommandError(
                    f"端口 {port} 已被占用,演示数据库未改动。请换一个端口,例如 "
                    f"make demo PORT={port + 1}(或 zhenggai demo --port {port + 1})。\n"
                    f"Port {port} on {host} is already in use; the demo database was not "
                    f"touched. Choose another port, e.g. make demo PORT={port + 1}."
                ) from None
            raise CommandError(
                f"无法在 {host}:{port} 上提供服务:{error.strerror} / "
                f"cannot serve on {host}:{port}: {error.strerror}"
            ) from None


class Command(BaseCommand):
    help = "演示:迁移数据库、导入示例报告、建立各角色演示账号,然后在 127.0.0.1 上提供服务。"

    def add_arguments(self, parser):
        parser.add_argument("--no-serve", action="store_true", help="准备好数据后退出,不启动服务")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument(
            "--no-worker", action="store_true", help="不在服务旁启动提醒任务进程(zhenggai worker)"
        )
        parser.add_argument(
            "--fresh",
            action="store_true",
            help="先删除演示用的 SQLite 数据库文件,从头建立(在确认端口可用之后)",
        )

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError(
                "zhenggai demo 不能在正式环境运行(ZHENGGAI_ENV=production):"
                "它会建立密码公开的演示账号。"
            )
        # Before anything is touched: a taken port must not cost the demo its database.
        if not options["no_serve"]:
            check_port(options["host"], options["port"])
        if options["fresh"]:
            self.wipe_database()
        # The demo stands on its report's date (or ZHENGGAI_TODAY), its clock running
        # from there: lights, overdue counts and charts describe the campaign that day.
        pin = settings.CLOCK_PIN or datetime.datetime.combine(
            REPORT_DATE, datetime.time(clock.PIN_HOUR), zoneinfo.ZoneInfo(settings.TIME_ZONE)
        )
        with clock.pinned(pin):
            self.prepare_and_serve(options)

    def wipe_database(self) -> None:
        db = settings.DATABASES["default"]
        if db["ENGINE"] != "django.db.backends.sqlite3" or settings.ENV != "demo":
            raise CommandError(
                "--fresh 只删除演示环境(ZHENGGAI_ENV=demo)的 SQLite 数据库 / "
                "--fresh only deletes the SQLite database of the demo environment"
            )
        connections.close_all()
        for suffix in ("", "-wal", "-shm", "-journal"):
            try:
                os.remove(f"{db['NAME']}{suffix}")
            except FileNotFoundError:
                pass

    def prepare_and_serve(self, options):
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
        self.stdout.write(f"系统日期固定为 {clock.today():%Y-%m-%d}(演示),时钟自此走动。")
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
        # The worker stands on the server's day: the pinned clock, where it is now.
        env["ZHENGGAI_TODAY"] = clock.now().isoformat()
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
        try:
            serve(application, host=host, port=port, threads=8, ident="zhenggai")
        except OSError as error:
            if error.errno != errno.EADDRINUSE:
                raise
            # Taken while the demo was being prepared: say so, as check_port does.
            check_port(host, port)
            raise
