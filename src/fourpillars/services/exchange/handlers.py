"""Imports every feature's inbox handlers so that they register with ``inbox.handler``.

Each feature keeps its handlers beside its services and adds one import line here.
"""

from __future__ import annotations

from fourpillars.services.checkpoints import witnessing as checkpoint_witness  # noqa: F401
from fourpillars.services.exchange_received import handlers as received_handlers  # noqa: F401
from fourpillars.services.soa import transfers as soa_transfers  # noqa: F401  (FD 2008/947)
