"""The node operator's screens (decision 0020): the node's keys and peers with their health,
the inbox and outbox (one list with filters), a message decoded with its signature and
receipt checked, and the actions: add a peer, rotate the key, suspend or reactivate a peer,
send a dead letter again. Thin: every read and change is ``services.exchange``'s."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fourpillars.domain.errors import DomainValidationError, IllegalTransition
from fourpillars.domain.exchange.transport import PeerStatus
from fourpillars.services.exchange import actions, directory, node, reads
from fourpillars.services.exchange.operators import require_operator
from fourpillars.web.errors import Route, apply_domain_errors, service_errors
from fourpillars.web.forms.exchange import AddPeerForm, MessageFilterForm

from .common import actor, render


@login_required
@require_GET
@service_errors
def home(request: HttpRequest) -> HttpResponse:
    """The node: who it is, its keys, its peers and their health."""
    health = reads.peer_health(actor=actor(request))
    context = {
        "me": node.identity(),
        "keys": node.jwks()["keys"],
        "current": getattr(node.current_key(), "kid", ""),
        "health": health,
        "inbox_url": node.inbox_url(),
        "form": AddPeerForm(),
    }
    return render(request, "web/exchange/home.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@service_errors
def add_peer(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    require_operator(user)
    form = AddPeerForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            peer = directory.add_peer_from_url(actor=user, url=form.cleaned_data["url"])
        except DomainValidationError as exc:
            apply_domain_errors(exc, [Route("", form)], {"url": (form, "url")})
        else:
            messages.success(request, f"{peer.name} is in the directory.")
            return redirect("exchange-home")
    return render(request, "web/exchange/add_peer.html", {"form": form}, forms_with_errors=(form,))


@login_required
@require_POST
@service_errors
def peer_status(request: HttpRequest, country: str) -> HttpResponse:
    """Suspend or reactivate a peer (the button says which)."""
    wanted = (
        PeerStatus.SUSPENDED if request.POST.get("status") == "suspended" else PeerStatus.ACTIVE
    )
    peer = directory.set_status(actor=actor(request), country=country, status=wanted)
    messages.success(request, f"{peer.name}: {peer.status_label.lower()}.")
    return redirect("exchange-home")


@login_required
@require_POST
@service_errors
def rotate_key(request: HttpRequest) -> HttpResponse:
    row = node.rotate_key(actor=actor(request))
    messages.success(request, f"This node now signs with key {row.kid}.")
    return redirect("exchange-home")


@login_required
@require_GET
@service_errors
def message_list(request: HttpRequest) -> HttpResponse:
    """The inbox, outbox and dead letters: one list, filtered."""
    user = actor(request)
    require_operator(user)
    form = MessageFilterForm(request.GET or None)
    page = None
    try:
        flt = reads.parse_filter(request.GET)
    except DomainValidationError as exc:
        form.is_valid()
        apply_domain_errors(exc, [Route("", form)])
    else:
        number = int(request.GET["page"]) if request.GET.get("page", "").isdigit() else 1
        page = reads.message_page(actor=user, flt=flt, page=number)
    query = "&".join(f"{k}={v}" for k, v in request.GET.items() if k != "page" and v)
    context = {"form": form, "page": page, "query": query}
    return render(request, "web/exchange/messages.html", context, forms_with_errors=(form,))


@login_required
@require_GET
@service_errors
def message(request: HttpRequest, message_id: int) -> HttpResponse:
    detail = reads.message_detail(actor=actor(request), pk=message_id)
    context = {
        "d": detail,
        "m": detail.message,
        "envelope": json.dumps(detail.envelope, indent=2, ensure_ascii=False, sort_keys=True),
        "resendable": detail.message.status in actions.RESENDABLE
        and detail.message.direction == "out",
    }
    return render(request, "web/exchange/message.html", context)


@login_required
@require_POST
@service_errors
def resend(request: HttpRequest, message_id: int) -> HttpResponse:
    try:
        actions.resend(actor=actor(request), pk=message_id)
    except IllegalTransition as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "The message is queued to be sent again.")
    return redirect("exchange-message", message_id=message_id)
