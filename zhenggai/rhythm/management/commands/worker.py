"""`zhenggai worker`: the reminder worker, a process of its own.

Every --interval seconds (settings.RHYTHM_WORKER_INTERVAL, 60 by default) it creates the
due-report rows for the periods begun, links filed progress reports to them, plans the
reminders (inbox notifications + queued mails) and sends the mails that are due. All its
state is in the database: stopping it loses nothing, restarting it sends nothing twice.
"""

import signal
import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections, connection

from zhenggai.rhythm.planner import run_once


class Command(BaseCommand):
    help = "提醒任务进程:定期生成应报事项、计划提醒并发送邮件。"

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=int, default=None, help="两轮之间的秒数")
        parser.add_argument("--once", action="store_true", help="只运行一轮后退出")

    def handle(self, *args, **options):
        interval = options["interval"] or settings.RHYTHM_WORKER_INTERVAL
        self.stopping = False

        def stop(signum, frame):
            self.stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        if not options["once"]:
            self.stdout.write(f"提醒任务进程已启动,每 {interval} 秒运行一次。")
            self.stdout.flush()
        while True:
            # Drop a connection the database server closed or that outlived its age, as a
            # request would. Never inside a transaction: that is a caller's (a test's),
            # and closing it would end the caller's work.
            if not connection.in_atomic_block:
                close_old_connections()
            try:
                result = run_once()
            except Exception as exc:  # noqa: BLE001 — one bad round must not end the worker
                self.stderr.write(f"本轮失败:{type(exc).__name__}: {exc}")
            else:
                if options["verbosity"] > 1 or options["once"]:
                    self.stdout.write(str(result))
            if options["once"] or self.stopping:
                return
            slept = 0.0
            while slept < interval and not self.stopping:
                time.sleep(0.5)
                slept += 0.5
            if self.stopping:
                return
