from tests.workflow.conftest import _media_in_tmp, world  # noqa: F401 — the same district
