"""People on the register: names, identifiers, addresses and convictions (changes and their
history).
"""

from __future__ import annotations

from .changes import (
    add_identifier,
    add_name,
    create_person,
    person_snapshot,
    rebuild_name_index,
    remove_identifier,
    update_person,
)
from .history import (
    add_address,
    add_conviction,
    address_snapshot,
    bump_person_version,
    conviction_snapshot,
    new_address,
    new_conviction,
    remove_address,
    remove_conviction,
    update_address,
    update_conviction,
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
