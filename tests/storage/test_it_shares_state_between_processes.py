"""Sessions, throttles and locks live where every server process sees them: the database
(its cache table, made by a migration) or Redis when ZHENGGAI_REDIS_URL is set — never
one process's memory."""

import os
import socket
import subprocess
import sys
import uuid

import pytest
from django.core.cache import caches

REDIS = ("127.0.0.1", 6379)


def _settings(tmp_path, **env):
    full = {k: v for k, v in os.environ.items() if not k.startswith("ZHENGGAI_")}
    full.update(ZHENGGAI_DATA_DIR=str(tmp_path), **env)
    code = (
        "import zhenggai.settings as s; "
        "print(s.CACHES['default']['BACKEND'], s.SESSION_ENGINE, s.STORAGES['evidence']['BACKEND'])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], env=full, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_the_settings_never_keep_state_in_one_process(tmp_path):
    cache, sessions, files = _settings(tmp_path)
    assert cache == "django.core.cache.backends.db.DatabaseCache"
    assert sessions == "django.contrib.sessions.backends.db"
    assert files == "zhenggai.lib.storage.MediaFolderStorage"
    cache, _sessions, _files = _settings(tmp_path, ZHENGGAI_REDIS_URL="redis://127.0.0.1:6379/0")
    assert cache == "django.core.cache.backends.redis.RedisCache"


def test_object_storage_needs_a_bucket(tmp_path):
    full = {k: v for k, v in os.environ.items() if not k.startswith("ZHENGGAI_")}
    full.update(ZHENGGAI_DATA_DIR=str(tmp_path), ZHENGGAI_STORAGE="s3")
    result = subprocess.run(
        [sys.executable, "-c", "import zhenggai.settings"],
        env=full,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0 and "ZHENGGAI_S3_BUCKET" in result.stderr
    cache, _sessions, files = _settings(
        tmp_path, ZHENGGAI_STORAGE="s3", ZHENGGAI_S3_BUCKET="b", ZHENGGAI_S3_ENDPOINT="http://x"
    )
    assert files == "storages.backends.s3.S3Storage"


@pytest.mark.django_db
def test_two_cache_instances_on_the_database_see_the_same_throttle_count():
    one, other = caches.create_connection("default"), caches.create_connection("default")
    assert type(one).__name__ == "DatabaseCache" and one is not other
    key = f"throttle:{uuid.uuid4().hex}"
    one.add(key, 0, timeout=600)
    one.incr(key)
    other.incr(key)
    one.incr(key)
    assert one.get(key) == other.get(key) == 3
    other.delete(key)
    assert one.get(key) is None


def _redis_up() -> bool:
    try:
        with socket.create_connection(REDIS, timeout=0.5):
            return True
    except OSError:
        return False


@pytest.mark.skipif(not _redis_up(), reason="no Redis on 127.0.0.1:6379")
def test_two_processes_on_redis_see_the_same_throttle_count(tmp_path):
    key = f"throttle:{uuid.uuid4().hex}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZHENGGAI_")}
    env.update(
        ZHENGGAI_DATA_DIR=str(tmp_path),
        ZHENGGAI_REDIS_URL="redis://127.0.0.1:6379/15",
        ZHENGGAI_CACHE_PREFIX=f"test-{uuid.uuid4().hex}",
        DJANGO_SETTINGS_MODULE="zhenggai.settings",
    )
    code = (
        "import sys, django; django.setup(); from django.core.cache import cache; "
        "key = sys.argv[1]; cache.add(key, 0, 600); "
        "[cache.incr(key) for _ in range(5)]; print(cache.get(key))"
    )
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", code, key], env=env, stdout=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    outputs = [int(run.communicate(timeout=60)[0]) for run in runs]
    assert max(outputs) == 10
    reader = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, django; django.setup(); from django.core.cache import cache; "
            "print(cache.get(sys.argv[1])); cache.delete(sys.argv[1])",
            key,
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert reader.stdout.strip() == "10", reader.stderr
