"""The master ledger (总台账) as an Excel workbook, out and back in."""
