"""The node's machine endpoints (decision 0020): ``POST /exchange/inbox/`` takes a signed
message from a peer node (no session, no CSRF token: the JWS signature is the
authentication) and answers with JSON carrying the signed receipt or the refusal;
``GET /exchange/node.json`` publishes who this node is, its inbox and its public keys;
``POST /exchange/checkpoints/`` gives a peer, on its signed request, the checkpoints of its
audit trail this node witnesses (decision 0027)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from fourpillars.services.checkpoints import witnessing
from fourpillars.services.context import request_context
from fourpillars.services.exchange import inbox, node

MAX_BODY = 2 * 1024 * 1024  # a message larger than this is not one this node takes


@csrf_exempt
@require_POST
def receive(request: HttpRequest) -> HttpResponse:
    """One message in, its answer out (the same answer for the same message, every time); or,
    posted as ``application/json``, a list of messages in and a list of answers out (each
    message taken as if posted alone; decision 0026)."""
    if len(request.body) > MAX_BODY:
        return JsonResponse({"accepted": False, "error": {"code": "too_large"}}, status=413)
    with request_context("exchange", getattr(request, "request_id", None)):
        raw = _body(request)
        if request.content_type == "application/json":
            answer: inbox.Answer | inbox.BatchAnswer = inbox.receive_batch(raw)
        else:
            answer = inbox.receive(raw)
    return JsonResponse(answer.body(), status=answer.status)


def _body(request: HttpRequest) -> str:
    try:
        return request.body.decode("ascii")
    except UnicodeDecodeError:
        return request.body.decode("utf-8", errors="replace")


@csrf_exempt
@require_POST
def checkpoints(request: HttpRequest) -> HttpResponse:
    """A peer's signed request in; the checkpoints this node holds for it out, signed."""
    if len(request.body) > MAX_BODY:
        return JsonResponse({"error": {"code": "too_large"}}, status=413)
    with request_context("exchange", getattr(request, "request_id", None)):
        status, body = witnessing.give_back(_body(request))
    return JsonResponse(body, status=status)


@require_GET
def introduction(request: HttpRequest) -> HttpResponse:
    """This node's introduction document: what a peer's operator adds to its directory."""
    return JsonResponse(node.introduction())
