"""gunicorn's settings for `zhenggai serve` (the production server).

Threaded workers (gthread): a request waits mostly on PostgreSQL, so each worker
process serves several at once. Every figure comes from the core count unless the
environment says otherwise:

ZHENGGAI_BIND        address:port to listen on (default 127.0.0.1:8000; behind the
                     TLS-terminating proxy, which sets X-Forwarded-Proto)
ZHENGGAI_WORKERS     worker processes (default 2 × cores, at least 2)
ZHENGGAI_THREADS     threads per worker (default 4)
ZHENGGAI_TIMEOUT     seconds before a stuck worker is restarted (default 60)
ZHENGGAI_ACCESS_LOG  where the access log goes: a file, or - for standard output (default)
ZHENGGAI_CONTROL_SOCKET  a path for gunicorn's control socket (gunicornc); off by default
"""

import os


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SystemExit(f"{name} must be an integer, not {raw!r}") from None
    if value < 1:
        raise SystemExit(f"{name} must be at least 1, not {value}")
    return value


cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1

wsgi_app = "zhenggai.wsgi:application"
bind = [part.strip() for part in os.environ.get("ZHENGGAI_BIND", "127.0.0.1:8000").split(",")]
workers = _int("ZHENGGAI_WORKERS", max(2, 2 * cores))
worker_class = "gthread"
threads = _int("ZHENGGAI_THREADS", 4)
timeout = _int("ZHENGGAI_TIMEOUT", 60)
graceful_timeout = 30
keepalive = 5
# A worker is replaced after this many requests (with jitter, not all at once): memory
# a long-lived process accumulates is given back.
max_requests = 5000
max_requests_jitter = 500
# The access log: who asked what, the status, the size and the time taken (µs).
accesslog = os.environ.get("ZHENGGAI_ACCESS_LOG", "-")
access_log_format = '%(h)s "%(r)s" %(s)s %(B)s %(D)sus "%(a)s"'
errorlog = "-"
loglevel = os.environ.get("ZHENGGAI_LOG_LEVEL", "info").lower()
# The proxy in front sets X-Forwarded-*; only a proxy on this machine is believed.
forwarded_allow_ips = os.environ.get("ZHENGGAI_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
proc_name = "zhenggai"
# gunicorn's control socket sits at one path per user: two servers on one machine would
# fight over it. Off unless a path is given.
control_socket = os.environ.get("ZHENGGAI_CONTROL_SOCKET", "")
control_socket_disable = not control_socket
