from tests.world import today, world  # noqa: F401 — the page tests' small ledger and readers
