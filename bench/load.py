"""A load test of the production server: `zhenggai serve` (gunicorn) on PostgreSQL.

Run: .venv/bin/python bench/load.py --database-url postgres://postgres@127.0.0.1:5432/zg_bench
         [--items 10000] [--reports 50000] [--concurrency 20] [--seconds 10] [--keep]
         [--json OUT]

Fills the database (emptied first, so its name must contain "bench") with
bench/fill.py's ledger — items, transitions, results and weekly reports by COPY —
unless --keep finds it filled; starts `zhenggai serve` on a free loopback
port; signs in through the login form as the office and as a liaison (and takes an API
token for each); then, page by page, --concurrency threads (plain http.client, one
keep-alive connection each) request the page for --seconds and stop. Prints req/s, p50,
p95 and errors per page. Only 127.0.0.1 is ever contacted, and every loop is bounded in
time and in count.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import fill as bench_fill  # noqa: E402  (bench/fill.py)

HOST = "127.0.0.1"
PASSWORD = "bench-load-pw-0"
# No request loop runs past this many requests, whatever --seconds says.
MAX_REQUESTS_PER_PAGE = 200_000


def parse(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    p.add_argument("--items", type=int, default=10_000)
    p.add_argument("--reports", type=int, default=50_000)
    p.add_argument("--units", type=int, default=60)
    p.add_argument("--concurrency", type=int, default=20)
    p.add_argument("--seconds", type=float, default=10.0, help="per page")
    p.add_argument("--workers", type=int, default=None, help="gunicorn workers")
    p.add_argument("--threads", type=int, default=None, help="threads per worker")
    p.add_argument("--keep", action="store_true", help="reuse a filled database")
    p.add_argument("--only", default="", help="page names separated by |")
    p.add_argument("--json", default="", help="write the results here")
    return p.parse_args(argv)


def say(msg):
    print(msg, flush=True)


def setup_django(database_url: str) -> None:
    if not database_url.startswith(("postgres://", "postgresql://")):
        sys.exit("bench/load.py runs on PostgreSQL: --database-url postgres://…/…bench…")
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhenggai.settings")
    import django

    django.setup()


# What the items are at: most in progress (reports, moves), some claimed, some staged.
OUTCOMES = ["in_progress"] * 5 + ["claimed"] * 2 + ["staged"]


def fill(args) -> None:
    """A ledger of --items items over --units units, with their transitions and
    --reports weekly progress reports (bench/fill.py); unless --keep finds one. The
    database is emptied first."""
    from django.core.management import call_command

    from zhenggai.tasks.models import Task

    call_command("migrate", verbosity=0)
    if args.keep and Task.objects.exists():
        say(f"keeping the filled database ({Task.objects.count():,} items)")
        return
    t0 = time.perf_counter()
    bench_fill.empty()
    ledger = bench_fill.fill(
        args.items,
        args.reports,
        units=args.units,
        outcomes=OUTCOMES,
        shared=0.0,
        office_password=PASSWORD,
        say=say,
    )
    say(f"filled {ledger.items:,} items in {time.perf_counter() - t0:.1f}s")


@dataclass
class Account:
    username: str
    unit_id: int | None = None
    cookies: dict = field(default_factory=dict)
    token: str = ""


def accounts():
    """The office and the liaison of the unit that leads most items, with a known password
    and a fresh API token each."""
    from django.contrib.auth.hashers import make_password
    from django.db.models import Count

    from zhenggai.accounts.models import Role, User
    from zhenggai.api.models import ApiToken
    from zhenggai.tasks.models import Task

    office = User.objects.get(role=Role.OFFICE, username="bench-office")
    top = (
        Task.objects.values("lead_unit").annotate(n=Count("pk")).order_by("-n").first()["lead_unit"]
    )
    liaison = User.objects.filter(role=Role.LIAISON, unit_id=top).order_by("pk").first()
    User.objects.filter(pk__in=[office.pk, liaison.pk]).update(
        password=make_password(PASSWORD), must_change_password=False, is_active=True
    )
    out = []
    for user in (office, liaison):
        _token, key = ApiToken.issue(user, "bench/load.py")
        out.append(Account(user.username, user.unit_id, token=key))
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def start_server(port: int, env: dict, workers=None, threads=None, log=None) -> subprocess.Popen:
    """`zhenggai serve` on HOST:port; returns once it answers."""
    env = {**os.environ, **env, "ZHENGGAI_BIND": f"{HOST}:{port}"}
    env.setdefault("ZHENGGAI_DB_CONN_MAX_AGE", "60")
    env.setdefault("ZHENGGAI_ACCESS_LOG", os.devnull)
    env.setdefault("ZHENGGAI_LOG_LEVEL", "WARNING")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH", "")]))
    if workers:
        env["ZHENGGAI_WORKERS"] = str(workers)
    if threads:
        env["ZHENGGAI_THREADS"] = str(threads)
    server = subprocess.Popen(
        [sys.executable, "-m", "zhenggai.cli", "serve"],
        env=env,
        stdout=log or subprocess.DEVNULL,
        stderr=subprocess.STDOUT if log else subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"the server on port {port} stopped (exit {server.returncode})")
        try:
            status, _body, _headers = request(port, "GET", "/login/")
            if status == 200:
                return server
        except OSError:
            pass
        time.sleep(0.3)
    server.terminate()
    sys.exit(f"the server on port {port} did not answer within 90 s")


def stop_server(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def request(port, method, path, headers=None, body=None, conn=None):
    own = conn is None
    conn = conn or http.client.HTTPConnection(HOST, port, timeout=60)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        data = response.read()
        return response.status, data, response.headers
    finally:
        if own:
            conn.close()


def _cookies(headers, jar: dict) -> dict:
    for value in headers.get_all("Set-Cookie") or []:
        name, _, rest = value.partition("=")
        jar[name.strip()] = rest.split(";", 1)[0]
    return jar


def cookie_header(jar: dict) -> str:
    return "; ".join(f"{k}={v}" for k, v in jar.items())


def login(port: int, username: str, password: str = PASSWORD) -> dict:
    """Sign in through the login form, as a browser would; returns the cookies."""
    jar: dict = {}
    status, body, headers = request(port, "GET", "/login/")
    _cookies(headers, jar)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    if status != 200 or token is None:
        sys.exit(f"no login form on port {port} (status {status})")
    form = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token.group(1).decode(), "username": username, "password": password}
    )
    status, _body, headers = request(
        port,
        "POST",
        "/login/",
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": cookie_header(jar),
            "Referer": f"http://{HOST}:{port}/login/",
        },
        body=form,
    )
    _cookies(headers, jar)
    if status != 302 or "sessionid" not in jar:
        sys.exit(f"signing in as {username} failed (status {status})")
    return jar


@dataclass
class Result:
    name: str
    requests: int
    seconds: float
    errors: int
    p50_ms: float
    p95_ms: float
    bytes: int

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def hammer(port, name, path, headers, concurrency, seconds, expect=200) -> Result:
    """`concurrency` threads request `path` for `seconds` (at most MAX_REQUESTS_PER_PAGE
    requests in all), each over its own keep-alive connection."""
    latencies: list[float] = []
    errors = [0]
    sizes = [0]
    lock = threading.Lock()
    start = time.perf_counter()
    stop_at = start + seconds
    budget = [MAX_REQUESTS_PER_PAGE]

    def worker():
        conn = http.client.HTTPConnection(HOST, port, timeout=60)
        mine, bad, size = [], 0, 0
        while time.perf_counter() < stop_at:
            with lock:
                if budget[0] <= 0:
                    break
                budget[0] -= 1
            t = time.perf_counter()
            try:
                status, body, _h = request(port, "GET", path, headers=headers, conn=conn)
                if status != expect:
                    bad += 1
                size += len(body)
            except (OSError, http.client.HTTPException):
                bad += 1
                conn.close()
                conn = http.client.HTTPConnection(HOST, port, timeout=60)
            mine.append(time.perf_counter() - t)
        conn.close()
        with lock:
            latencies.extend(mine)
            errors[0] += bad
            sizes[0] += size

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=seconds + 120)
    elapsed = time.perf_counter() - start
    ordered = sorted(latencies)

    def pct(q):
        if not ordered:
            return 0.0
        return 1000 * ordered[min(len(ordered) - 1, int(q * len(ordered)))]

    return Result(
        name,
        len(latencies),
        elapsed,
        errors[0],
        1000 * statistics.median(ordered) if ordered else 0.0,
        pct(0.95),
        sizes[0] // max(1, len(latencies)),
    )


def pages(office: Account, liaison: Account):
    """(name, path, headers) of every page measured."""
    from zhenggai.tasks.models import Status, Task

    office_item = Task.objects.order_by("pk").values_list("pk", flat=True)[len_half()]
    liaison_item = (
        Task.objects.filter(lead_unit_id=liaison.unit_id)
        .order_by("pk")
        .values_list("pk", flat=True)
    )[0]
    as_office = {"Cookie": cookie_header(office.cookies)}
    as_liaison = {"Cookie": cookie_header(liaison.cookies)}
    filtered = f"/ledger/?status={Status.IN_PROGRESS}&lead_unit={liaison.unit_id}"
    return [
        ("ledger, office", "/ledger/", as_office),
        ("ledger filtered, office", filtered, as_office),
        ("ledger, liaison", "/ledger/", as_liaison),
        ("item, office", f"/ledger/{office_item}/", as_office),
        ("item, liaison", f"/ledger/{liaison_item}/", as_liaison),
        ("API items, office", "/api/v1/items", {"Authorization": f"Bearer {office.token}"}),
        ("API items, liaison", "/api/v1/items", {"Authorization": f"Bearer {liaison.token}"}),
        ("dashboard, office", "/", as_office),
        ("/public/", "/public/", {}),
    ]


def len_half() -> int:
    from zhenggai.tasks.models import Task

    return Task.objects.count() // 2


def table(results: list[Result]) -> str:
    lines = [
        f"{'page':<26} {'requests':>8} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'errors':>6} {'KB':>6}",
    ]
    for r in results:
        lines.append(
            f"{r.name:<26} {r.requests:>8} {r.rps:>8.1f} {r.p50_ms:>8.1f} {r.p95_ms:>8.1f}"
            f" {r.errors:>6} {r.bytes / 1024:>6.0f}"
        )
    return "\n".join(lines)


def main(argv=None) -> int:
    args = parse(argv)
    setup_django(args.database_url)
    from django.db import connection

    name = connection.settings_dict["NAME"]
    if "bench" not in name:
        sys.exit(f"refusing to fill database {name!r}: its name must contain 'bench'")
    fill(args)
    office, liaison = accounts()
    connection.close()

    port = free_port()
    say(
        f"zhenggai serve on {HOST}:{port} (workers {args.workers or 'auto'}, threads {args.threads or 'auto'})"
    )
    server = start_server(port, {"DATABASE_URL": args.database_url}, args.workers, args.threads)
    results = []
    try:
        office.cookies = login(port, office.username)
        liaison.cookies = login(port, liaison.username)
        wanted = {n.strip() for n in args.only.split("|") if n.strip()}
        for page, path, headers in pages(office, liaison):
            if wanted and page not in wanted:
                continue
            # Warm up: every worker process imports and connects before the clock runs.
            hammer(port, page, path, headers, args.concurrency, min(2.0, args.seconds))
            result = hammer(port, page, path, headers, args.concurrency, args.seconds)
            say(
                f"  {page:<26} {result.rps:7.1f} req/s  p50 {result.p50_ms:6.1f} ms"
                f"  p95 {result.p95_ms:6.1f} ms  errors {result.errors}"
            )
            results.append(result)
    finally:
        stop_server(server)
    say("")
    say(
        f"concurrency {args.concurrency}, {args.seconds:g} s per page, "
        f"{len_half() * 2:,} items, PostgreSQL, gunicorn gthread on {os.cpu_count()} cores"
    )
    say(table(results))
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                [
                    {
                        "name": r.name,
                        "requests": r.requests,
                        "rps": round(r.rps, 1),
                        "p50_ms": round(r.p50_ms, 1),
                        "p95_ms": round(r.p95_ms, 1),
                        "errors": r.errors,
                    }
                    for r in results
                ],
                ensure_ascii=False,
                indent=1,
            )
        )
    return 1 if any(r.errors for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
