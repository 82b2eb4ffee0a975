"""A local S3-compatible server (moto in server mode, on loopback) and STORAGES pointed at
it, as ZHENGGAI_STORAGE=s3 would point them at MinIO, Ceph or OSS."""

import socket
from types import SimpleNamespace

import boto3
import pytest
from moto.server import ThreadedMotoServer

from tests.conftest import make_unit, make_user
from zhenggai.accounts.models import Role
from zhenggai.inspections.models import Campaign
from zhenggai.lib.storage import s3_storages

BUCKET = "zhenggai-test"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def s3_server():
    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def s3(settings, s3_server):
    env = {
        "endpoint": s3_server,
        "bucket": BUCKET,
        "access_key": "test-access",
        "secret_key": "test-secret",
        "region": "us-east-1",
        "prefix": "site",
        "addressing_style": "path",
        "ca_bundle": "",
    }
    client = boto3.client(
        "s3",
        endpoint_url=s3_server,
        aws_access_key_id=env["access_key"],
        aws_secret_access_key=env["secret_key"],
        region_name=env["region"],
    )
    client.create_bucket(Bucket=BUCKET)
    settings.STORAGES = {**settings.STORAGES, **s3_storages(env)}
    # Nothing may fall back to the local folder: make it somewhere that cannot be written.
    settings.MEDIA_ROOT = "/nonexistent/zhenggai-media"

    def keys(prefix=""):
        pages = client.get_paginator("list_objects_v2").paginate(Bucket=BUCKET, Prefix=prefix)
        return sorted(obj["Key"] for page in pages for obj in page.get("Contents", []))

    yield SimpleNamespace(client=client, bucket=BUCKET, keys=keys)
    for key in keys():
        client.delete_object(Bucket=BUCKET, Key=key)
    client.delete_bucket(Bucket=BUCKET)


@pytest.fixture
def world(db):
    lead = make_unit("区河长办")
    shared = make_unit("沙面街道")
    other = make_unit("区教育局")
    w = SimpleNamespace(lead=lead, shared=shared, other=other)
    w.office = make_user("office", Role.OFFICE)
    w.lead_liaison = make_user("lead_liaison", Role.LIAISON, lead)
    w.other_liaison = make_user("other_liaison", Role.LIAISON, other)
    w.campaign = Campaign.objects.create(name="省委第十巡视组反馈意见整改")
    return w
