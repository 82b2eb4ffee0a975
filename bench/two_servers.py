"""Two application servers and two workers on one PostgreSQL: nothing lost, nothing doubled.

Run: .venv/bin/python bench/two_servers.py --database-url postgres://postgres@127.0.0.1:5432/zg_bench2
         [--items 400] [--liaisons 12] [--seconds 300]

Fills the database (emptied first: its name must contain "bench"; bench/load.py's fill),
gives every account a mail address, starts a local SMTP server (aiosmtpd), two
`zhenggai serve` and two `zhenggai worker --interval 1` on loopback. Then, while the
workers run, each liaison — signed in on both servers — sends every move twice at the
same moment, once through each server: the weekly report on each claimed item (which
starts it) and 报告阶段性成效 on each item in progress. Meanwhile the workers plan the
reminders of the overdue items and send every queued mail.

It asserts, and exits 1 if any fails:
- each move doubled across the servers took effect exactly once: one success, one
  refusal; the new transitions and reports are exactly the successes;
- every item's transitions chain (each from the state the previous one left) to its
  status: no move lost or applied twice;
- no notification (reminder or event) twice for one user and event;
- every queued mail sent, and the SMTP server received each exactly as often as it was
  queued.
Every loop is bounded (--seconds); only 127.0.0.1 is contacted.
"""

from __future__ import annotations

import argparse
import collections
import email
import email.policy
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import load  # noqa: E402  (bench/load.py: fill, servers, sign-in, requests)


def parse(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    p.add_argument("--items", type=int, default=400)
    p.add_argument("--units", type=int, default=20)
    p.add_argument("--liaisons", type=int, default=12, help="liaisons driving moves")
    p.add_argument("--seconds", type=float, default=300, help="bound on the whole run")
    return p.parse_args(argv)


class Inbox:
    """The local SMTP server's handler: every message received, as (to, subject)."""

    def __init__(self):
        self.received = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.lock:
            for rcpt in envelope.rcpt_tos:
                # Folded, encoded header lines unfold with spaces: compare the words.
                self.received.append((rcpt, " ".join(str(message["Subject"]).split())))
        return "250 OK"


def start_workers(n, env):
    full = {**os.environ, **env}
    full["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), full.get("PYTHONPATH", "")]))
    return [
        subprocess.Popen(
            [sys.executable, "-m", "zhenggai.cli", "worker", "--interval", "1"],
            env=full,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(n)
    ]


def stop(processes):
    for p in processes:
        if p.poll() is None:
            p.send_signal(signal.SIGTERM)
    for p in processes:
        try:
            p.wait(timeout=30)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()


def post(port, jar, path, fields):
    """A form POST as the signed-in browser `jar`; returns the status."""
    csrf = jar.get("csrftoken", "")
    body = urllib.parse.urlencode({"csrfmiddlewaretoken": csrf, **fields})
    status, _body, _headers = load.request(
        port,
        "POST",
        path,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": load.cookie_header(jar),
            "Referer": f"http://{load.HOST}:{port}{path}",
        },
        body=body,
    )
    return status


def main(argv=None) -> int:
    args = parse(argv)
    load.setup_django(args.database_url)
    from aiosmtpd.controller import Controller
    from django.db import connection
    from django.db.models import Count

    from zhenggai.accounts.models import Role, User
    from zhenggai.inbox.models import Notification, Outbox
    from zhenggai.reporting.models import ProgressReport
    from zhenggai.tasks.models import Status, Task, Transition

    if "bench" not in connection.settings_dict["NAME"]:
        sys.exit("refusing: the database's name must contain 'bench'")
    load.fill(argparse.Namespace(items=args.items, reports=0, units=args.units, keep=False))
    liaisons = list(User.objects.filter(role=Role.LIAISON).order_by("pk")[: args.liaisons])
    for user in User.objects.all():
        User.objects.filter(pk=user.pk).update(email=f"{user.username}@bench.invalid")
    from django.contrib.auth.hashers import make_password

    User.objects.filter(pk__in=[u.pk for u in liaisons]).update(
        password=make_password(load.PASSWORD)
    )
    units = [u.unit_id for u in liaisons]
    claimed = list(
        Task.objects.filter(lead_unit_id__in=units, status=Status.CLAIMED).values_list(
            "pk", "lead_unit_id"
        )
    )
    working = list(
        Task.objects.filter(lead_unit_id__in=units, status=Status.IN_PROGRESS).values_list(
            "pk", "lead_unit_id"
        )
    )
    before = {
        "transitions": Transition.objects.count(),
        "reports": ProgressReport.objects.count(),
    }
    connection.close()

    inbox = Inbox()
    smtp = Controller(inbox, hostname=load.HOST, port=load.free_port())
    smtp.start()
    env = {
        "DATABASE_URL": args.database_url,
        "EMAIL_HOST": load.HOST,
        "EMAIL_PORT": str(smtp.port),
        "ZHENGGAI_MAIL_RETRY_BASE_SECONDS": "1",
    }
    ports = [load.free_port(), load.free_port()]
    servers, workers = [], []
    deadline = time.monotonic() + args.seconds
    try:
        servers = [load.start_server(port, env, workers=2, threads=4) for port in ports]
        workers = start_workers(2, env)
        say(f"servers on {ports}, 2 workers, SMTP on {smtp.port}")
        sessions = {
            (u.unit_id, port): load.login(port, u.username) for u in liaisons for port in ports
        }

        def both(path, fields, unit):
            """The same move through both servers at once: statuses (A, B)."""
            with ThreadPoolExecutor(2) as pool:
                futures = [
                    pool.submit(post, port, sessions[(unit, port)], path, fields) for port in ports
                ]
                return tuple(f.result() for f in futures)

        jobs = [
            (
                "report",
                f"/ledger/{pk}/reports/",
                {"period": "week", "text": "本周整改持续推进。"},
                unit,
            )
            for pk, unit in claimed
        ] + [
            (
                "staged",
                f"/ledger/{pk}/move/report_staged/",
                {"text": "阶段性成效:已完成排查。"},
                unit,
            )
            for pk, unit in working
        ]
        outcomes = collections.Counter()
        refusals = collections.Counter()
        t0 = time.perf_counter()
        with ThreadPoolExecutor(8) as pool:
            futures = {
                pool.submit(both, path, fields, unit): kind
                for kind, path, fields, unit in jobs
                if time.monotonic() < deadline
            }
            for future, kind in futures.items():
                statuses = future.result()
                ok = sum(1 for s in statuses if s == 302)
                outcomes[(kind, ok)] += 1
                refusals.update(s for s in statuses if s != 302)
        say(
            f"{len(jobs)} moves sent twice each in {time.perf_counter() - t0:.1f}s: "
            f"{dict(outcomes)}; refusals by status {dict(refusals)}"
        )

        # The workers drain the outbox (web events and their own reminders).
        while time.monotonic() < deadline:
            time.sleep(2)
            pending = Outbox.objects.filter(status=Outbox.Status.PENDING).count()
            connection.close()
            if pending == 0:
                time.sleep(3)  # one more round each: nothing new may appear
                if Outbox.objects.filter(status=Outbox.Status.PENDING).count() == 0:
                    break
    finally:
        stop(workers)
        for server in servers:
            load.stop_server(server)
        smtp.stop()

    failures = []

    def check(ok, message):
        say(("ok    " if ok else "FAIL  ") + message)
        if not ok:
            failures.append(message)

    for kind in ("report", "staged"):
        doubled = sum(n for (k, ok), n in outcomes.items() if k == kind and ok != 1)
        total = sum(n for (k, _ok), n in outcomes.items() if k == kind)
        check(
            doubled == 0, f"{kind}: {total} moves sent through both servers, each took effect once"
        )
    wins = {
        kind: sum(n * ok for (k, ok), n in outcomes.items() if k == kind)
        for kind in ("report", "staged")
    }
    new_transitions = Transition.objects.count() - before["transitions"]
    new_reports = ProgressReport.objects.count() - before["reports"]
    check(
        new_reports == wins["report"],
        f"reports: {new_reports} new rows for {wins['report']} successful filings",
    )
    check(
        new_transitions == wins["report"] + wins["staged"],
        f"transitions: {new_transitions} new rows for {wins['report']} starts + {wins['staged']} staged",
    )
    broken = 0
    by_task = collections.defaultdict(list)
    for task_id, frm, to in Transition.objects.order_by("pk").values_list(
        "task_id", "from_status", "to_status"
    ):
        by_task[task_id].append((frm, to))
    statuses = dict(Task.objects.values_list("pk", "status"))
    for task_id, chain in by_task.items():
        state = "draft"
        for frm, to in chain:
            if frm != state:
                broken += 1
                break
            state = to
        else:
            if state != statuses[task_id]:
                broken += 1
    check(
        broken == 0,
        f"every item's {sum(map(len, by_task.values()))} transitions chain to its status",
    )
    doubled_notes = (
        Notification.objects.values("user", "subject_kind", "object_id", "period", "level")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .count()
    )
    notes = Notification.objects.count()
    check(doubled_notes == 0, f"notifications: {notes}, none twice for one user and event")
    queued = collections.Counter(
        (to, " ".join(subject.split()))
        for to, subject in Outbox.objects.filter(status=Outbox.Status.SENT).values_list(
            "to", "subject"
        )
    )
    left = Outbox.objects.exclude(status=Outbox.Status.SENT).count()
    received = collections.Counter(inbox.received)
    check(left == 0, f"outbox: {sum(queued.values())} mails sent, {left} not sent")
    check(
        received == queued,
        f"SMTP received {sum(received.values())} mails, each as often as queued"
        + (
            ""
            if received == queued
            else f" (extra {received - queued}, missing {queued - received})"
        ),
    )
    for w in workers:
        errors = (w.stderr.read() if w.stderr else "").strip()
        if errors:
            say(f"worker {w.pid} stderr: {errors[:500]}")
    return 1 if failures else 0


def say(msg):
    print(msg, flush=True)


if __name__ == "__main__":
    sys.exit(main())
