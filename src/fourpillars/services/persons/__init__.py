"""People on the register: names, identifiers, addresses and convictions (changes and their
history).
"""

from __future__ import annotations

from .history import (
    new_address,
    new_conviction,
    bump_person_version,
    add_address,
    add_conviction,
    address_snapshot,
    conviction_snapshot,
    update_address,
    remove_address,
    update_conviction,
    remove_conviction,
)
from .changes import (
    person_snapshot,
    rebuild_name_index,
    create_person,
    update_person,
    add_name,
    add_identifier,
    remove_identifier,
)
from .reads import (
    visible_person,
)

__all__ = [
    "add_address",
    "add_conviction",
    "add_identifier",
    "add_name",
    "address_snapshot",
    "bump_person_version",
    "conviction_snapshot",
    "create_person",
    "new_address",
    "new_conviction",
    "person_snapshot",
    "rebuild_name_index",
    "remove_address",
    "remove_conviction",
    "remove_identifier",
    "update_address",
    "update_conviction",
    "update_person",
    "visible_person",
]
