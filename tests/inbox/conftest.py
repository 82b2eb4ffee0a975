"""A real HTTP server on 127.0.0.1 that plays a WeCom/DingTalk robot or a generic
webhook receiver: it answers as told (ok, HTTP 500, a robot's errcode, too slow), and
records every request it got and what it answered."""

import json
import socket
import threading
import time
import urllib.parse
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


@dataclass
class Received:
    path: str
    query: dict
    headers: dict
    raw: bytes
    answer: str  # "ok", "500", "errcode", "slow", "redirect"

    @property
    def json(self):
        return json.loads(self.raw.decode("utf-8"))

    @property
    def ok(self) -> bool:
        return self.answer == "ok"


class Robot:
    def __init__(self):
        self.received: list[Received] = []
        self.script: list[str] = []  # answers to give, in order; then `default`
        self.default = "ok"
        self.slow_seconds = 3.0
        # When set, the first request waits for `release` after signalling `arrived`.
        self.hold_first = False
        self.arrived = threading.Event()
        self.release = threading.Event()
        self._held = False
        self._lock = threading.Lock()
        self.server = None

    @property
    def url(self) -> str:
        host, port = self.server.server_address
        return f"http://{host}:{port}"

    @property
    def delivered(self) -> list[Received]:
        return [r for r in self.received if r.ok]

    def _next(self) -> tuple[str, bool]:
        with self._lock:
            answer = self.script.pop(0) if self.script else self.default
            if self.hold_first and not self._held:
                self._held = True
                return answer, True
            return answer, False

    def handle(self, handler):
        length = int(handler.headers.get("Content-Length") or 0)
        raw = handler.rfile.read(length)
        answer, hold = self._next()
        parts = urllib.parse.urlsplit(handler.path)
        if hold:
            self.arrived.set()
            self.release.wait(10)
        with self._lock:
            self.received.append(
                Received(
                    parts.path,
                    urllib.parse.parse_qs(parts.query),
                    dict(handler.headers.items()),
                    raw,
                    answer,
                )
            )
        if answer == "slow":
            time.sleep(self.slow_seconds)
            answer = "ok"
        extra = {}
        if answer == "500":
            status, body = 500, b"Internal Server Error"
        elif answer == "redirect":
            status, body = 302, b""
            extra["Location"] = self.url + "/elsewhere"
        elif answer == "errcode":
            status, body = 200, json.dumps({"errcode": 310000, "errmsg": "sign not match"})
        else:
            status, body = 200, json.dumps({"errcode": 0, "errmsg": "ok"})
        body = body if isinstance(body, bytes) else body.encode()
        try:
            handler.send_response(status)
            handler.send_header("Content-Type", "application/json")
            handler.send_header("Content-Length", str(len(body)))
            for name, value in extra.items():
                handler.send_header(name, value)
            handler.end_headers()
            handler.wfile.write(body)
        except OSError:
            pass  # the client gave up (timeout): nothing to answer


def _handler_for(robot):
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            robot.handle(self)

        def log_message(self, *args):
            pass

    return Handler


@pytest.fixture
def robot():
    robot = Robot()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(robot))
    server.daemon_threads = True
    robot.server = server
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield robot
    robot.release.set()
    server.shutdown()
    server.server_close()


def free_port() -> int:
    """A loopback port nothing listens on: a test server binds it, a client is refused."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def hook_settings(settings):
    settings.WEBHOOK_TIMEOUT = 1
    settings.WEBHOOK_MAX_ATTEMPTS = 8
    settings.WEBHOOK_PER_MINUTE = 20
    settings.MAIL_RETRY_BASE_SECONDS = 60
    settings.MAIL_RETRY_MAX_SECONDS = 6 * 3600
    settings.ZHENGGAI_BASE_URL = "https://zg.example.gov.cn"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    return settings
