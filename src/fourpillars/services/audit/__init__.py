"""The audit trail (DPA 2018 s.62): writing a row in the change's own transaction (its personal
values sealed under the person's key), checking the chain, opening sealed values for readers,
and the audited reads of the trail itself.
"""

from __future__ import annotations

from .kept import KEPT_SECONDS, kept
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
from .sealing import destroy_key, open_rows, open_stream, rows_in_clear
from .trail import (
    JsonValue,
    Target,
    append,
    case_target,
    changes_recorded,
    consultation,
    ensure_version,
    entry,
    export,
    fields_changed_since,
    record,
    refused_read,
    verify,
)

__all__ = [
    "KEPT_SECONDS",
    "JsonValue",
    "Target",
    "TrailFilter",
    "append",
    "case_target",
    "changes_recorded",
    "consultation",
    "destroy_key",
    "ensure_version",
    "entry",
    "export",
    "export_trail",
    "fields_changed_since",
    "kept",
    "name_rows",
    "open_rows",
    "open_stream",
    "parse_filter",
    "read_trail",
    "record",
    "record_trail_read",
    "refused_read",
    "require_auditor",
    "rows_in_clear",
    "trail",
    "verify",
]
