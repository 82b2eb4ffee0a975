"""Fixtures for the report parser tests (pure pytest, no Django)."""

from __future__ import annotations

import pytest

from reportparser import parse_text

from ._helpers import SEED


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed(seed_text):
    return parse_text(seed_text)
