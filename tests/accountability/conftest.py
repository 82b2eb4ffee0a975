from tests.meetings.conftest import world  # noqa: F401 — the same campaign and accounts
