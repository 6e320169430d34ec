"""Operators' registers (台账) in xlsx or CSV, turned into events by a small mapping file.

mapping.py   the mapping file (which sheet makes which events, column -> field, translations, identity)
cells.py     cells as operators type them (dates, figures with units, footer rows), pure functions
sheets.py    streaming rows, merged cells filled down, each table matched to its sheet by name or headers
reader.py    rows -> `Row`s holding the Draft each describes, mistakes named by sheet, row and column
reconcile.py re-imports: new, corrected, unchanged and missing rows, planned before anything is written
"""

from ledger.registers.cells import cell_text, column_letter, header_text, parse_day
from ledger.registers.mapping import RegisterMapping, Table, load_mapping
from ledger.registers.reader import RegisterReader, Row, open_register
from ledger.registers.reconcile import Plan, plan_register
from ledger.registers.sheets import FillDown, merged_ranges

__all__ = ["FillDown", "Plan", "RegisterMapping", "RegisterReader", "Row", "Table", "cell_text", "column_letter",
           "header_text", "load_mapping", "merged_ranges", "open_register", "parse_day", "plan_register"]  # fmt: skip
