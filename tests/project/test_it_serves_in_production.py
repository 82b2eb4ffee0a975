"""`zhenggai serve`: gunicorn sized from the core count, static files by WhiteNoise, and no
start on settings or a database that would serve wrongly."""

import importlib
import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest


def _env(tmp_path, **extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZHENGGAI_")}
    env.pop("DATABASE_URL", None)
    env.update(
        ZHENGGAI_DATA_DIR=str(tmp_path / "var"),
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        **extra,
    )
    return env


def _zhenggai(env, *args, timeout=120):
    return subprocess.run(
        [sys.executable, "-m", "zhenggai.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_the_configuration_follows_the_cores_and_the_environment(monkeypatch):
    import zhenggai.gunicorn_conf as conf

    for name in ("ZHENGGAI_BIND", "ZHENGGAI_WORKERS", "ZHENGGAI_THREADS", "ZHENGGAI_ACCESS_LOG"):
        monkeypatch.delenv(name, raising=False)
    conf = importlib.reload(conf)
    assert conf.workers == max(2, 2 * conf.cores) and conf.threads == 4
    assert conf.worker_class == "gthread" and conf.bind == ["127.0.0.1:8000"]
    assert conf.accesslog == "-" and conf.control_socket_disable
    monkeypatch.setenv("ZHENGGAI_BIND", "0.0.0.0:9000")
    monkeypatch.setenv("ZHENGGAI_WORKERS", "3")
    monkeypatch.setenv("ZHENGGAI_THREADS", "8")
    conf = importlib.reload(conf)
    assert (conf.bind, conf.workers, conf.threads) == (["0.0.0.0:9000"], 3, 8)
    monkeypatch.setenv("ZHENGGAI_WORKERS", "many")
    with pytest.raises(SystemExit):
        importlib.reload(conf)
    monkeypatch.delenv("ZHENGGAI_WORKERS")
    importlib.reload(conf)


def test_it_refuses_production_without_a_secret_key(tmp_path):
    result = _zhenggai(_env(tmp_path, ZHENGGAI_ENV="production"), "serve", "--check-only")
    assert result.returncode != 0 and "ZHENGGAI_SECRET_KEY" in result.stderr


def test_it_refuses_a_database_with_pending_migrations(tmp_path):
    result = _zhenggai(_env(tmp_path), "serve", "--check-only")
    assert result.returncode != 0 and "zhenggai migrate" in result.stderr


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.heavy
def test_it_serves_pages_and_static_files_with_gunicorn(tmp_path):
    env = _env(tmp_path)
    assert _zhenggai(env, "migrate", "-v0").returncode == 0
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "zhenggai.cli", "serve", "--bind", f"127.0.0.1:{port}"],
        env={**env, "ZHENGGAI_WORKERS": "1", "ZHENGGAI_THREADS": "2"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                page = urllib.request.urlopen(f"http://127.0.0.1:{port}/public/", timeout=30)
                break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline
                time.sleep(0.3)
        assert page.status == 200
        css = urllib.request.urlopen(f"http://127.0.0.1:{port}/static/zhenggai/app.css", timeout=30)
        assert css.status == 200 and css.headers["Content-Type"].startswith("text/css")
    finally:
        server.terminate()
        output = server.communicate(timeout=60)[0]
    assert "gthread" in output
    assert '"GET /public/ HTTP/1.1" 200' in output  # the access log
