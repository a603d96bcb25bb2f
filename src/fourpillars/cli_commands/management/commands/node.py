"""``fourpillars node``: this node's keys and its directory of peers (decision 0020).

    fourpillars node keys              print the key ids (made on first use)
    fourpillars node rotate-key        a new signing key; old public keys stay published
    fourpillars node introduce         print this node's introduction (node.json)
    fourpillars node add-peer URL... [--ping]
                                       add or update peers from their node.json (and test
                                       the link to each)
    fourpillars node suspend-peer CC   refuse a peer's messages and hold ours to it
    fourpillars node reactivate-peer CC
    fourpillars node peers             the directory and each peer's health
    fourpillars node ping CC...        send a link test (no personal data) to peers

Runs as the installation's operator; every change is audited (channel "cli").
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fourpillars.domain.errors import DomainValidationError
from fourpillars.domain.exchange.transport import PeerStatus
from fourpillars.services.context import request_context
from fourpillars.services.errors import NotFound
from fourpillars.services.exchange import actions, directory, node, reads


class Command(BaseCommand):
    help = "This node's keys and its directory of peer nodes (keys, rotate-key, add-peer ...)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("keys", help="print the key ids, newest first (makes one if none)")
        sub.add_parser("rotate-key", help="sign with a new key from now on")
        sub.add_parser("introduce", help="print this node's introduction document (JSON)")
        add = sub.add_parser("add-peer", help="add or update peers from their node.json URLs")
        add.add_argument("url", nargs="+")
        add.add_argument("--ping", action="store_true", help="then send each a link test")
        for name in ("suspend-peer", "reactivate-peer"):
            one = sub.add_parser(name)
            one.add_argument("country")
        ping = sub.add_parser("ping", help="send a link test to each peer named")
        ping.add_argument("country", nargs="+")
        sub.add_parser("peers", help="the directory and each peer's health")

    def handle(self, *args: Any, **options: Any) -> None:
        action = str(options["action"])
        try:
            with request_context("cli"):
                getattr(self, "do_" + action.replace("-", "_"))(options)
        except DomainValidationError as exc:
            raise CommandError(exc.summary()) from None
        except NotFound:
            raise CommandError(f"no peer {options.get('country')!r} in the directory") from None

    def do_keys(self, options: dict[str, Any]) -> None:
        current = node.ensure_key()
        me = node.identity()
        self.stdout.write(f"{me.name} ({me.country}); private keys in {node.key_dir()}")
        for key in node.jwks()["keys"]:
            mark = "signing" if key["kid"] == current.kid else "retired (verifies old signatures)"
            self.stdout.write(f"{key['kid']}  {mark}")

    def do_rotate_key(self, options: dict[str, Any]) -> None:
        row = node.rotate_key(actor=None)
        self.stdout.write(f"Now signing with {row.kid}; old public keys stay published.")

    def do_introduce(self, options: dict[str, Any]) -> None:
        self.stdout.write(json.dumps(node.introduction(), indent=2))

    def do_add_peer(self, options: dict[str, Any]) -> None:
        for url in options["url"]:
            peer = directory.add_peer_from_url(actor=None, url=str(url))
            kids = ", ".join(peer.keys.values_list("kid", flat=True))
            self.stdout.write(f"{peer.name} ({peer.country}) at {peer.inbox_url}; keys {kids}")
            if options["ping"]:
                self.do_ping({"country": [peer.country]})

    def do_suspend_peer(self, options: dict[str, Any]) -> None:
        peer = directory.set_status(
            actor=None, country=options["country"], status=PeerStatus.SUSPENDED
        )
        self.stdout.write(f"{peer.name} ({peer.country}) suspended.")

    def do_reactivate_peer(self, options: dict[str, Any]) -> None:
        peer = directory.set_status(
            actor=None, country=options["country"], status=PeerStatus.ACTIVE
        )
        self.stdout.write(f"{peer.name} ({peer.country}) active again.")

    def do_ping(self, options: dict[str, Any]) -> None:
        for country in options["country"]:
            message = actions.ping(actor=None, country=str(country))
            self.stdout.write(f"Link test {message.message_id} queued for {message.receiver}.")

    def do_peers(self, options: dict[str, Any]) -> None:
        for h in reads.peer_health(actor=None):
            on_time = "-" if h.on_time is None else f"{h.on_time}%"
            self.stdout.write(
                f"{h.peer.country}  {h.peer.status:9}  sent {h.sent}  delivered {h.delivered}  "
                f"failed {h.failed}  dead {h.dead}  waiting {h.queued}  on time {on_time}  "
                f"{h.peer.name}"
            )
