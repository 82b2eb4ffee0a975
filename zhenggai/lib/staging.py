"""Uploads waiting between their preview and their confirmation (a ledger, a plan), in
the "staging" storage (zhenggai/lib/storage.py): any server may take the confirmation,
and nothing serves them. Each is named by a random token kept in the uploader's session;
those older than a day are removed when another upload of their kind arrives."""

import datetime
import io
import secrets
import time

from django.core.files.base import ContentFile

from zhenggai.lib.storage import STAGING, named

MAX_AGE = datetime.timedelta(days=1)


def _storage():
    return named(STAGING)


def _name(folder: str, token: str, ext: str) -> str:
    if not token.isalnum() or (ext and not ext[1:].isalnum()):
        raise ValueError("bad staging name")
    return f"{folder}/{token}{ext}"


def keep(folder: str, uploaded, ext: str) -> str:
    """Store `uploaded` (chunks) under a new token, which is returned."""
    forget_old(folder)
    token = secrets.token_hex(16)
    data = b"".join(uploaded.chunks())
    storage = _storage()
    saved = storage.save(_name(folder, token, ext), ContentFile(data))
    if saved != _name(folder, token, ext):  # never, with a random token
        storage.delete(saved)
        raise FileExistsError(saved)
    return token


def read(folder: str, token: str, ext: str) -> bytes | None:
    """The staged bytes, or None when they are gone."""
    try:
        with _storage().open(_name(folder, token, ext), "rb") as handle:
            return handle.read()
    except (FileNotFoundError, OSError, ValueError):
        return None


def opened(folder: str, token: str, ext: str):
    """The staged file as a seekable binary file, or None."""
    data = read(folder, token, ext)
    return None if data is None else io.BytesIO(data)


def forget(folder: str, token: str, ext: str) -> None:
    try:
        _storage().delete(_name(folder, token, ext))
    except ValueError:
        pass


def forget_old(folder: str) -> None:
    storage = _storage()
    # Files age by the real clock (their storage's), not the campaign's pinned day.
    cutoff = datetime.datetime.fromtimestamp(time.time(), datetime.UTC) - MAX_AGE
    try:
        _dirs, files = storage.listdir(folder)
    except (FileNotFoundError, OSError):
        return
    for name in files:
        path = f"{folder}/{name}"
        try:
            if storage.get_modified_time(path) < cutoff:
                storage.delete(path)
        except (FileNotFoundError, OSError):
            pass
