"""The official registration template (报名模板): columns and a blank copy (`columns`), the cell
parsers (`cells`), and the reader of a filled-in copy (`reader`)."""

from .cells import MAX_RANK, MAX_TEAM_SIZE
from .columns import COLUMNS, ERROR_HEADER, HEADERS, ROW_HEADER, Column, header_in, write_blank
from .reader import (
    LIMITS,
    Row,
    TemplateError,
    number_columns,
    read_cells,
    read_rows,
    read_table,
    report_columns,
    template_edition,
)

__all__ = [
    "COLUMNS",
    "ERROR_HEADER",
    "HEADERS",
    "LIMITS",
    "MAX_RANK",
    "MAX_TEAM_SIZE",
    "ROW_HEADER",
    "Column",
    "Row",
    "TemplateError",
    "header_in",
    "number_columns",
    "read_cells",
    "read_rows",
    "read_table",
    "report_columns",
    "template_edition",
    "write_blank",
]
