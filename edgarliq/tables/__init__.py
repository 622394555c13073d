"""Printed tables: layout primitives shared by the statement extractor."""

from edgarliq.tables.text import (
    Cell,
    Column,
    Line,
    assign_cells,
    clean_lines,
    detect_columns,
    is_rule,
    parse_number,
    split_line,
)

__all__ = [
    "Cell", "Column", "Line", "assign_cells", "clean_lines", "detect_columns",
    "is_rule", "parse_number", "split_line",
]
