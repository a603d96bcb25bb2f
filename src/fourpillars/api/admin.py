"""Administration routes: users, agencies and areas (administrators only, else 403).

Administrators manage accounts and reference data but gain no case access by doing so
(MAPPA Guidance ch.9 need to know): none of these routes returns case data.
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Status

from fourpillars.accounts.models import User
from fourpillars.domain.access import Permission
from fourpillars.services import accounts as user_services
from fourpillars.services.access import require
from fourpillars.services.paging import Page

from . import present
from .auth import actor
from .inputs import AgencyIn, AreaIn, UserIn, UserPatchIn
from .paging import envelope, page_param, size_param
from .schemas import AgencyOut, AreaOut, ErrorOut, UserOut, UserPageOut, ValidationErrorOut

router = Router(tags=["admin"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 422: ValidationErrorOut}


@router.get("/admin/users", response={200: UserPageOut, **ERRORS})
def list_users(
    request: HttpRequest, page: int = page_param(), page_size: int = size_param(50)
) -> dict[str, object]:
    """Every account, by username."""
    require(actor(request), Permission.ADMINISTER)
    start = (page - 1) * page_size
    qs = User.objects.order_by("username")
    rows = list(qs[start : start + page_size])
    return envelope(Page(rows, qs.count(), page, page_size), present.user)


@router.post("/admin/users", response={201: UserOut, **ERRORS})
def create_user(request: HttpRequest, payload: UserIn) -> Status[object]:
    """Create an account with one role in one agency (the password is never returned)."""
    user = user_services.create_user(actor=actor(request), data=payload.model_dump())
    return Status(201, present.user(user))


@router.patch("/admin/users/{user_id}", response={200: UserOut, **ERRORS})
def set_user_active(request: HttpRequest, user_id: str, payload: UserPatchIn) -> object:
    """Deactivate (its tokens are revoked at once) or reactivate an account."""
    user = user_services.set_user_active(
        actor=actor(request), user_id=user_id, active=payload.is_active
    )
    return present.user(user)


@router.post("/admin/agencies", response={201: AgencyOut, **ERRORS})
def create_agency(request: HttpRequest, payload: AgencyIn) -> Status[object]:
    """Add an agency of a known kind (GET /reference/agencies lists them)."""
    agency = user_services.create_agency(
        actor=actor(request),
        code=payload.code,
        name=payload.name,
        kind=payload.kind,
        area_code=payload.area or None,
    )
    return Status(201, present.agency(agency))


@router.post("/admin/areas", response={201: AreaOut, **ERRORS})
def create_area(request: HttpRequest, payload: AreaIn) -> Status[object]:
    """Add a MAPPA area."""
    area = user_services.create_area(actor=actor(request), code=payload.code, name=payload.name)
    return Status(201, present.area(area))
