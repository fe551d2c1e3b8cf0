"""Reading and checking an organisation's roster file: a pure library, no Django.

The flow, for a web page or the ``crossgen import-roster`` command::

    with read_table(upload, filename=name) as table:        # RosterFileError: unreadable file
        mapping = detect_mapping(table.headers)              # or the person's corrected mapping
        result = validate_roster(table, mapping=mapping, career_stages=ladder,
                                 default_timezone=org_tz, today=today)
    if result.ok:
        ...  # write result.records, all in one transaction
    else:
        ...  # show result.errors (and result.errors_omitted more); write nothing

Both ``read_table`` and ``validate_roster`` raise ``RosterFileError`` for a
file that cannot be read as a roster at all (its ``issues`` say why);
everything else is reported in ``RosterValidation.errors`` and ``.warnings``,
each naming the spreadsheet row and the field.
"""

from crossgen.rosterfile.cells import MAX_LENGTHS
from crossgen.rosterfile.export import neutralise_for_export
from crossgen.rosterfile.issues import DEFAULT_MAX_ISSUES, RosterFileError, RowIssue
from crossgen.rosterfile.mapping import (
    REQUIRED_FIELDS,
    SYNONYMS,
    ColumnMapping,
    RosterField,
    detect_mapping,
)
from crossgen.rosterfile.records import RosterRecord, RosterValidation
from crossgen.rosterfile.table import (
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_ROWS,
    RawRow,
    RosterTable,
    read_table,
)
from crossgen.rosterfile.validate import PROGRESS_EVERY, RowProgress, validate_roster

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_ISSUES",
    "DEFAULT_MAX_ROWS",
    "MAX_LENGTHS",
    "PROGRESS_EVERY",
    "REQUIRED_FIELDS",
    "SYNONYMS",
    "ColumnMapping",
    "RawRow",
    "RosterField",
    "RosterFileError",
    "RosterRecord",
    "RosterTable",
    "RosterValidation",
    "RowIssue",
    "RowProgress",
    "detect_mapping",
    "neutralise_for_export",
    "read_table",
    "validate_roster",
]
