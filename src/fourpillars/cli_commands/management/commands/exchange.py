"""``fourpillars exchange``: the messages this node sent and received (decision 0020).

    fourpillars exchange list [--direction in|out] [--status S] [--type T] [--peer CC] [--json]
    fourpillars exchange show ID        the decoded envelope, signature and receipt status
    fourpillars exchange resend ID      send a dead letter (or a refused message) again
    fourpillars exchange send           send what is due now (what the worker does)

Runs as the installation's operator; showing a message and resending it are audited.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fourpillars.domain.errors import DomainValidationError, IllegalTransition
from fourpillars.exchange.models import Message
from fourpillars.services.context import request_context
from fourpillars.services.errors import NotFound
from fourpillars.services.exchange import actions, reads, sending


def as_json(m: Message) -> dict[str, Any]:
    return {
        "id": m.pk,
        "direction": m.direction,
        "message_id": m.message_id,
        "type": m.type,
        "sender": m.sender,
        "receiver": m.receiver,
        "created": m.created.isoformat(),
        "in_reply_to": m.in_reply_to or None,
        "purpose": m.purpose,
        "status": m.status,
        "attempts": m.attempts,
        "last_error": m.last_error,
        "due_date": m.due_date.isoformat() if m.due_date else None,
        "deadline": _deadline(m),
    }


class Command(BaseCommand):
    help = "The messages this node sent and received (list, show, resend, send)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        listing = sub.add_parser("list")
        for name in ("direction", "status", "type", "peer"):
            listing.add_argument(f"--{name}", default="")
        listing.add_argument("--limit", type=int, default=50)
        listing.add_argument("--json", action="store_true", help="one JSON object per line")
        for name in ("show", "resend"):
            one = sub.add_parser(name)
            one.add_argument("id", type=int)
        sub.add_parser("send", help="send the messages that are due now")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            with request_context("cli"):
                getattr(self, "do_" + str(options["action"]))(options)
        except DomainValidationError as exc:
            raise CommandError(exc.summary()) from None
        except NotFound:
            raise CommandError(f"no message {options.get('id')}") from None
        except IllegalTransition as exc:
            raise CommandError(str(exc)) from None

    def do_list(self, options: dict[str, Any]) -> None:
        flt = reads.parse_filter(options)
        rows = reads.messages(actor=None, flt=flt)[: max(1, min(options["limit"], 1000))]
        for m in rows:
            if options["json"]:
                self.stdout.write(json.dumps(as_json(m)))
                continue
            state = m.deadline()
            due = f" due {m.due_date:%d %b %Y} ({state.label})" if m.due_date and state else ""
            self.stdout.write(
                f"{m.pk:6}  {m.direction:3}  {m.created:%Y-%m-%d %H:%M}  {m.sender}->{m.receiver}  "
                f"{m.type:30}  {m.status_label}{due}"
            )

    def do_show(self, options: dict[str, Any]) -> None:
        detail = reads.message_detail(actor=None, pk=options["id"])
        shown = {
            **as_json(detail.message),
            "signature_verified": detail.signature_ok,
            "receipt_verified": detail.receipt_ok,
            "receipt": detail.receipt,
            "envelope": detail.envelope,
            "replies": [r.message_id for r in detail.replies],
        }
        self.stdout.write(json.dumps(shown, indent=2, ensure_ascii=False))

    def do_resend(self, options: dict[str, Any]) -> None:
        message = actions.resend(actor=None, pk=options["id"])
        self.stdout.write(f"Message {message.message_id} queued to send again.")

    def do_send(self, options: dict[str, Any]) -> None:
        result = sending.send_due()
        self.stdout.write(
            f"delivered {result.delivered}, refused {result.failed}, "
            f"to retry {result.retried}, dead {result.dead}"
        )
        for error in result.errors:
            self.stderr.write(error)


def _deadline(m: Message) -> str | None:
    state = m.deadline()
    return state.value if state else None
