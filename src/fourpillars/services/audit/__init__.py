"""The audit trail (DPA 2018 s.62): writing a row in the change's own transaction, checking the
chain, and the audited reads of the trail itself.
"""

from __future__ import annotations

from .reads import (
    TrailFilter,
    export_trail,
    name_rows,
    parse_filter,
    read_trail,
    record_trail_read,
    require_auditor,
    trail,
)
from .trail import (
    JsonValue,
    Target,
    case_target,
    changes_recorded,
    consultation,
    ensure_version,
    export,
    fields_changed_since,
    record,
    verify,
)

__all__ = [
    "JsonValue",
    "Target",
    "TrailFilter",
    "case_target",
    "changes_recorded",
    "consultation",
    "ensure_version",
    "export",
    "export_trail",
    "fields_changed_since",
    "name_rows",
    "parse_filter",
    "read_trail",
    "record",
    "record_trail_read",
    "require_auditor",
    "trail",
    "verify",
]
