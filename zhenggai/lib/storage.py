"""The named file storages (settings.STORAGES) and how the models reach them.

- "evidence": evidence files and the versions of meeting documents (never served as
  pages: files go out only through a view that first checks the access rules);
- "renditions": the stored .txt/.docx/.pdf files of frozen documents;
- "staging": an uploaded ledger or plan between its preview and its confirmation.

On one machine they are folders under MEDIA_ROOT (the default); on several, one bucket
of S3-compatible object storage (ZHENGGAI_STORAGE=s3: MinIO, Ceph, OSS) with a prefix
per storage. Code opens, saves and deletes through the storage only — never through a
local path — so both behave the same.
"""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.utils.functional import cached_property

EVIDENCE = "evidence"
RENDITIONS = "renditions"
STAGING = "staging"


class MediaFolderStorage(FileSystemStorage):
    """A folder of MEDIA_ROOT, read when first used and again whenever MEDIA_ROOT changes
    (tests), like the default storage does for MEDIA_ROOT itself."""

    def __init__(self, folder: str, **kwargs):
        self.folder = folder
        super().__init__(**kwargs)

    @cached_property
    def base_location(self):
        return self._value_or_setting(
            self._location, os.path.join(settings.MEDIA_ROOT, self.folder)
        )


class Named(Storage):
    """settings.STORAGES[alias], looked up on every use.

    A FileField keeps the storage it was given when its model class is made; this proxy
    lets a changed STORAGES (another deployment's settings, a test) reach it."""

    def __init__(self, alias: str):
        self.alias = alias

    @property
    def backend(self) -> Storage:
        return storages[self.alias]

    def __getattr__(self, name):
        return getattr(self.backend, name)

    def __repr__(self) -> str:
        return f"<storage {self.alias}: {self.backend!r}>"


def _delegate(name):
    def method(self, *args, **kwargs):
        return getattr(self.backend, name)(*args, **kwargs)

    method.__name__ = name
    return method


for _method in (
    "open",
    "save",
    "get_valid_name",
    "get_alternative_name",
    "get_available_name",
    "generate_filename",
    "path",
    "delete",
    "exists",
    "listdir",
    "size",
    "url",
    "get_accessed_time",
    "get_created_time",
    "get_modified_time",
    "_open",
    "_save",
):
    setattr(Named, _method, _delegate(_method))


_named = {alias: Named(alias) for alias in (EVIDENCE, RENDITIONS, STAGING)}


def named(alias: str) -> Named:
    return _named[alias]


def s3_storages(env) -> dict:
    """STORAGES entries for one S3-compatible bucket, a prefix per storage."""
    options = {
        "bucket_name": env["bucket"],
        "endpoint_url": env["endpoint"] or None,
        "access_key": env["access_key"] or None,
        "secret_key": env["secret_key"] or None,
        "region_name": env["region"] or None,
        # MinIO and most self-hosted servers want bucket-in-path addressing.
        "addressing_style": env["addressing_style"],
        # Private objects; a name is never reused (no silent overwrite of evidence).
        "default_acl": None,
        "querystring_auth": True,
        "file_overwrite": False,
        # A private CA of a government cloud: the path of its bundle.
        "verify": env["ca_bundle"] or None,
    }
    prefix = env["prefix"].strip("/")
    return {
        alias: {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {**options, "location": f"{prefix}/{alias}" if prefix else alias},
        }
        for alias in (EVIDENCE, RENDITIONS, STAGING)
    }


def filesystem_storages() -> dict:
    return {
        alias: {"BACKEND": "zhenggai.lib.storage.MediaFolderStorage", "OPTIONS": {"folder": alias}}
        for alias in (EVIDENCE, RENDITIONS, STAGING)
    }
