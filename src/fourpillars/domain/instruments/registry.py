"""Every instrument, by code, in the order the API lists them."""

from __future__ import annotations

from . import dash, firearms, ogrs3, osp, parole, rm2000, rsr, spj, static99r
from .base import Instrument

REGISTRY: dict[str, Instrument] = {
    instrument.definition.code: instrument
    for module in (ogrs3, osp, rsr, rm2000, static99r, dash, spj, firearms, parole)
    for instrument in module.INSTRUMENTS
}
