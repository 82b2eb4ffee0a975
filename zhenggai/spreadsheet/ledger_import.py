"""The Excel ledger, back in: read (ledger_read), check (ledger_check), apply
(ledger_apply). Callers import from here."""

from zhenggai.spreadsheet.ledger_apply import Conflict, apply_import
from zhenggai.spreadsheet.ledger_check import Change, Plan, RowError, plan_import
from zhenggai.spreadsheet.ledger_read import ImportFailed, parse_deadline, read_sheet

__all__ = [
    "Change",
    "Conflict",
    "ImportFailed",
    "Plan",
    "RowError",
    "apply_import",
    "parse_deadline",
    "plan_import",
    "read_sheet",
]
