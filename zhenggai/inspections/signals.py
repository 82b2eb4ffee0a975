from django.dispatch import Signal

# Sent with `campaign` once a report has been stored as a new ledger (bulk-written, so
# no per-row signals fire): whatever derives data from the ledger rebuilds it here.
ledger_imported = Signal()
