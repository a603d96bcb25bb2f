"""``fourpillars node`` and ``fourpillars exchange``: keys and rotation, suspending a peer,
listing, showing and resending messages, each as the installation's operator and audited."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from fourpillars.audit.models import AuditEvent
from fourpillars.domain.exchange.envelope import MessageType, Purpose
from fourpillars.exchange.models import Message, Peer
from fourpillars.services.exchange import outbox

from .nodes import ForeignNode

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_keys_are_made_on_first_use_and_rotation_keeps_the_old_one_published() -> None:
    first = run("node", "keys").splitlines()[-1].split()[0]
    assert run("node", "keys").splitlines()[-1].split()[0] == first  # not made twice
    run("node", "rotate-key")
    listed = run("node", "keys")
    assert f"{first}  retired" in listed and listed.count("signing") == 1
    intro = json.loads(run("node", "introduce"))
    assert intro["country"] == "GB" and len(intro["jwks"]["keys"]) == 2
    assert {"create_node_key", "rotate_node_key", "retire_node_key"} <= set(
        AuditEvent.objects.values_list("action", flat=True)
    )


def test_a_peer_is_suspended_and_reactivated_by_country(nl: ForeignNode) -> None:
    run("node", "suspend-peer", "NL")
    assert Peer.objects.get().status == "suspended"
    assert "NL  suspended" in run("node", "peers")
    run("node", "reactivate-peer", "nl")
    assert Peer.objects.get().status == "active"
    with pytest.raises(CommandError, match="no peer"):
        run("node", "suspend-peer", "FR")


def test_messages_are_listed_shown_and_a_dead_letter_sent_again(nl: ForeignNode) -> None:
    with transaction.atomic():
        m = outbox.enqueue(
            actor=None,
            type=MessageType.RECORD_REQUEST,
            receiver="NL",
            purpose=Purpose.OWN_REQUEST,
            payload={"person": {"family_name": "Berzina"}},
        )
    Message.objects.filter(pk=m.pk).update(status="dead")
    rows = [json.loads(line) for line in run("exchange", "list", "--json").splitlines()]
    assert [r["message_id"] for r in rows] == [m.message_id] and rows[0]["status"] == "dead"
    assert run("exchange", "list", "--direction", "in") == ""
    shown = json.loads(run("exchange", "show", str(m.pk)))
    assert shown["signature_verified"] and shown["envelope"]["payload"]["person"]
    run("exchange", "resend", str(m.pk))
    assert Message.objects.get().status == "queued"
    with pytest.raises(CommandError, match="not delivered"):
        run("exchange", "resend", str(m.pk))
    with pytest.raises(CommandError, match="status"):
        run("exchange", "list", "--status", "lost")
