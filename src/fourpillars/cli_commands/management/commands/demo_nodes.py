"""``fourpillars demo-nodes``: the demo's three nodes (decision 0020).

Serves the main node (this installation, on --host and --port, with its worker) and beside it
two peer nodes, the Netherlands and Latvia (ports +1 and +2), each a separate process with its
own SQLite database, signing keys and demo cast (same password) under ``var/nodes/<cc>/``;
then introduces every node to every other from its ``node.json`` and sends each a link test.
Ctrl-C stops all three. Usage: "demo-nodes [--host H] [--port P] [--persons N]".
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from fourpillars import demo
from fourpillars.cli_commands import serving
from fourpillars.cli_commands.peer_nodes import PEERS, PeerNode, wait_for
from fourpillars.cli_commands.support import demo_password
from fourpillars.demo import cross_border
from fourpillars.services.context import request_context
from fourpillars.services.exchange import actions, directory, node


def _main_url(host: str, port: int) -> str:
    return serving.site_url(host, port).rstrip("/")


class Command(BaseCommand):
    help = "Serve the main node and two peer nodes (NL, LV), introduced to each other."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default=serving.DEFAULT_HOST)
        parser.add_argument("--port", type=int, default=serving.DEFAULT_PORT)
        parser.add_argument("--persons", type=int, default=12, help="people seeded per peer")

    def handle(self, *args: Any, **options: Any) -> None:
        host, port = str(options["host"]), int(options["port"])
        password, _ = demo_password()
        peers = [
            PeerNode(cc, name, host, port + i, password) for i, (cc, name) in enumerate(PEERS, 1)
        ]
        for peer in peers:
            self.stdout.write(f"Preparing the {peer.name} node in {peer.home} ...")
            peer.run(
                "seed-demo",
                "--persons",
                str(options["persons"]),
                "--host",
                host,
                "--port",
                str(peer.port),
                "--verbosity",
                "0",
            )
            peer.run("node", "keys")
        with request_context("cli"):
            node.ensure_key()
        serve = ["serve", "--host", host, "--port", str(port), "--worker"]
        main = subprocess.Popen(
            [sys.executable, "-m", "fourpillars.cli", *serve],
            env={**os.environ, "FOURPILLARS_SITE_URL": _main_url(host, port)},
        )
        try:
            wait_for(f"{_main_url(host, port)}/exchange/node.json")  # static collected first
            for peer in peers:
                peer.start()
            self.introduce(host, port, peers)
            self.banner(host, port, peers)
            signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
            while main.poll() is None and all(
                p.process and p.process.poll() is None for p in peers
            ):
                time.sleep(1)
        except KeyboardInterrupt:
            pass
        finally:
            for peer in peers:
                peer.stop()
            if main.poll() is None:
                main.terminate()
                main.wait(timeout=20)

    def introduce(self, host: str, port: int, peers: list[PeerNode]) -> None:
        main_intro = f"{_main_url(host, port)}/exchange/node.json"
        wait_for(main_intro)
        for peer in peers:
            wait_for(f"{peer.url}/exchange/node.json")
        with request_context("cli"):
            for peer in peers:
                directory.add_peer_from_url(actor=None, url=f"{peer.url}/exchange/node.json")
        for peer in peers:
            others = [f"{o.url}/exchange/node.json" for o in peers if o is not peer]
            peer.run("node", "add-peer", main_intro, *others)
        with request_context("cli"):
            for peer in peers:
                actions.ping(actor=None, country=peer.country)

    def banner(self, host: str, port: int, peers: list[PeerNode]) -> None:
        shared = cross_border.appearances()
        nodes = [("GB", "United Kingdom", serving.site_url(host, port), "")]
        nodes += [(p.country, p.name, p.url, f"  (its log: {p.home}/server.log)") for p in peers]
        for cc, name, url, log in nodes:
            self.stdout.write(f"{name} node: {url}{log}")
            for person in shared.get(cc, []):
                self.stdout.write(f"    {person}")
        logins = ", ".join(u for u, *_ in [*demo.CAST, *demo.MANAGERS, *demo.COORDINATORS])
        self.stdout.write(f"Demo logins, the same on every node: {logins}")
        self.stdout.write(f"Password for every demo login on every node: {demo_password()[0]}")
        self.stdout.write(
            "'admin' is each node's operator (/exchange/, record requests); 'coordinator' "
            "matches received risk notifications; 'police' records the trip, "
            "'police-manager' or 'coordinator' decides to send it."
        )
        self.stdout.write("Ctrl-C stops all three.")
        self.stdout.flush()
