"""`zhenggai serve`: the production server — gunicorn with threaded workers
(zhenggai/gunicorn_conf.py), static files by WhiteNoise, nothing else to install.

Before it starts it refuses what would serve wrongly: settings that fail (a production
without ZHENGGAI_SECRET_KEY, with debugging on, a pinned clock — zhenggai/settings.py),
Django's deployment checks at error level, and a database whose migrations are not all
applied. The reminder worker is a process of its own (`zhenggai worker`).
"""

import os
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django.db.migrations.executor import MigrationExecutor

# gunicorn reads its settings from the installed package, wherever it is.
CONF = "python:zhenggai.gunicorn_conf"


class Command(BaseCommand):
    help = "生产环境服务器(gunicorn):进程数与线程数按CPU核数,静态文件由WhiteNoise提供。"

    def add_arguments(self, parser):
        parser.add_argument("--bind", help="监听地址,如 127.0.0.1:8000(默认 ZHENGGAI_BIND)")
        parser.add_argument(
            "--workers", type=int, help="工作进程数(默认 ZHENGGAI_WORKERS 或 2×核数)"
        )
        parser.add_argument(
            "--threads", type=int, help="每个进程的线程数(默认 ZHENGGAI_THREADS 或 4)"
        )
        parser.add_argument("--check-only", action="store_true", help="只做启动前检查,不启动服务器")

    def handle(self, *args, **options):
        self.preflight()
        if options["check_only"]:
            self.stdout.write("启动前检查通过。")
            return
        env = dict(os.environ)
        for option, name in (
            ("bind", "ZHENGGAI_BIND"),
            ("workers", "ZHENGGAI_WORKERS"),
            ("threads", "ZHENGGAI_THREADS"),
        ):
            if options[option] is not None:
                env[name] = str(options[option])
        env.setdefault("DJANGO_SETTINGS_MODULE", "zhenggai.settings")
        argv = [sys.executable, "-m", "gunicorn", "--config", CONF]
        sys.stdout.flush()
        sys.stderr.flush()
        # gunicorn takes this process's place: signals (TERM, HUP) go straight to it.
        os.execve(sys.executable, argv, env)

    def preflight(self):
        if settings.PRODUCTION:
            call_command("check", deploy=True, fail_level="ERROR")
        connection = connections["default"]
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
        connection.close()
        if pending:
            raise CommandError(
                f"数据库有 {len(pending)} 个迁移尚未执行:请先运行 zhenggai migrate。"
            )
