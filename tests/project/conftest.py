from tests.world import world  # noqa: F401 — the page tests' small ledger and readers
