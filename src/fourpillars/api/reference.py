"""Reference data any authenticated user may read: the codes the other routes accept.

Agencies and areas (CJA 2003 s.325), ECRIS offence categories (Decision 2009/316 Annex A),
penalty and measure categories ([DEC-2009-316] Annex B, with their translations), the channel
guide for cross-border exchange (decision 0021), justification purposes ([DPA-2018]
s.62(2)(a)) and lawful bases for sharing ([CJA-2003] s.325(4), [CDA-1998] s.115, [OMA-2007]
s.14, common law).
"""

from __future__ import annotations

from collections.abc import Mapping

from django.conf import settings
from django.http import HttpRequest
from ninja import Router
from ninja.params.functions import Query

from fourpillars.accounts.models import Agency, Area
from fourpillars.domain.agencies import LAWFUL_BASIS_LABELS
from fourpillars.domain.audit import PURPOSE_LABELS
from fourpillars.domain.ecris import OFFENCE_CATEGORIES
from fourpillars.domain.exchange import channels, codes

from . import present
from .paging import envelope, page_param, size_param, slice_of
from .schemas import (
    AgencyPageOut,
    AreaPageOut,
    ChannelGuideOut,
    CodePageOut,
    EcrisPageOut,
    ErrorOut,
    PenaltyPageOut,
    ValidationErrorOut,
)

router = Router(tags=["reference"])
ERRORS = {401: ErrorOut, 422: ValidationErrorOut}


def _identity(item: Mapping[str, object]) -> Mapping[str, object]:
    return item


@router.get("/reference/agencies", response={200: AgencyPageOut, **ERRORS})
def agencies(
    request: HttpRequest, page: int = page_param(), page_size: int = size_param(100)
) -> dict[str, object]:
    """Agencies by name: their codes are what `lead_agency` and shares take."""
    rows = list(Agency.objects.select_related("area").order_by("name", "code"))
    return envelope(slice_of(rows, page, page_size), present.agency)


@router.get("/reference/areas", response={200: AreaPageOut, **ERRORS})
def areas(
    request: HttpRequest, page: int = page_param(), page_size: int = size_param(100)
) -> dict[str, object]:
    """MAPPA areas with the review intervals (weeks per level) in force there."""
    rows = list(Area.objects.order_by("code"))
    return envelope(slice_of(rows, page, page_size), present.area)


@router.get("/reference/ecris-codes", response={200: EcrisPageOut, **ERRORS})
def ecris_codes(
    request: HttpRequest, page: int = page_param(), page_size: int = size_param(100)
) -> dict[str, object]:
    """ECRIS common offence categories; `confirmed` false where the reference marks [M]."""
    rows: list[Mapping[str, object]] = [
        {"code": c.code, "label": c.label, "confirmed": c.confirmed}
        for c in OFFENCE_CATEGORIES.values()
    ]
    return envelope(slice_of(rows, page, page_size), _identity)


@router.get("/reference/penalty-codes", response={200: PenaltyPageOut, **ERRORS})
def penalty_codes(
    request: HttpRequest, page: int = page_param(), page_size: int = size_param(100)
) -> dict[str, object]:
    """Common categories of penalties and measures, with their translations (each marked
    unverified until checked) and the table version a message names."""
    rows: list[Mapping[str, object]] = [
        {
            "code": p.code,
            "label": p.label,
            "confirmed": p.confirmed,
            "table_version": codes.PENALTY_TABLE_VERSION,
            "translations": [
                {"language": lang, "text": text, "verified": False}
                for lang, text in p.labels.items()
                if lang != codes.ENGLISH
            ],
        }
        for p in codes.penalty_table().values()
    ]
    return envelope(slice_of(rows, page, page_size), _identity)


@router.get("/reference/channel-guide", response={200: ChannelGuideOut, **ERRORS})
def channel_guide(
    request: HttpRequest,
    situation: str = Query(
        ..., max_length=40, description=", ".join(s.value for s in channels.Situation)
    ),
    destination: str = Query(..., max_length=2, description="Country code, e.g. NL (EL: Greece)"),
) -> dict[str, object]:
    """Which channels apply to a situation towards a destination state from this node, what
    may be sent on each, the legal basis and conditions, each with its confidence."""
    advice = channels.guide(
        situation, destination, origin_country=settings.FOURPILLARS_NODE_COUNTRY
    )
    return {
        "version": channels.GUIDE_VERSION,
        "situation": situation,
        "destination": codes.country_code(destination) or destination,
        "items": [
            {
                "channel": a.channel,
                "name": a.name,
                "available": a.available,
                "why_not": a.why_not,
                "what": list(a.what),
                "legal_basis": a.legal_basis,
                "conditions": list(a.conditions),
                "confidence": a.tag,
                "sources": list(a.sources),
                "message_types": [t.value for t in a.message_types],
            }
            for a in advice
        ],
    }


@router.get("/reference/purposes", response={200: CodePageOut, **ERRORS})
def purposes(
    request: HttpRequest, page: int = page_param(), page_size: int = size_param(100)
) -> dict[str, object]:
    """Purpose codes for the X-Justification header."""
    rows: list[Mapping[str, object]] = [
        {"code": p.value, "label": label} for p, label in PURPOSE_LABELS.items()
    ]
    return envelope(slice_of(rows, page, page_size), _identity)


@router.get("/reference/lawful-bases", response={200: CodePageOut, **ERRORS})
def lawful_bases(
    request: HttpRequest, page: int = page_param(), page_size: int = size_param(100)
) -> dict[str, object]:
    """Lawful bases for sharing a case with another agency."""
    rows: list[Mapping[str, object]] = [
        {"code": b.value, "label": label} for b, label in LAWFUL_BASIS_LABELS.items()
    ]
    return envelope(slice_of(rows, page, page_size), _identity)
