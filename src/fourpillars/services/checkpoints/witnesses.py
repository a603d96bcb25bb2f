"""Where checkpoints are sent and found again (decision 0027): the peer nodes of the
cross-border exchange (a signed message through the outbox; asked back with a signed request
to ``POST /exchange/checkpoints/``), a witness file, and a second database.

A witness that cannot be reached when the trail is checked is named, not counted as a
failure: what it holds cannot contradict the log until it is reached again."""

from __future__ import annotations

import json
import secrets
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from joserfc.jwk import OKPKey

from fourpillars.domain.audit_checkpoints import LOCAL, Entry, Found
from fourpillars.domain.errors import DomainValidationError
from fourpillars.domain.exchange.content import AuditCheckpoint
from fourpillars.domain.exchange.envelope import MessageType, Purpose
from fourpillars.domain.exchange.transport import PeerStatus
from fourpillars.exchange.models import Peer, PeerKey
from fourpillars.services.exchange import node, outbox, signing

from . import files, keys

REQUEST_TYPE = "audit_checkpoints_request"
ANSWER_TYPE = "audit_checkpoints"
# The witness database's one table (written with "?" marks; "%s" for psycopg).
DDL = (
    "CREATE TABLE IF NOT EXISTS fourpillars_witnessed_checkpoint (node VARCHAR(2) NOT NULL, "
    "seq BIGINT NOT NULL, jws TEXT NOT NULL, stored_at VARCHAR(40) NOT NULL, "
    "PRIMARY KEY (node, seq))"
)
INSERT = (
    "INSERT INTO fourpillars_witnessed_checkpoint (node, seq, jws, stored_at) "
    "VALUES (?, ?, ?, ?) ON CONFLICT (node, seq) DO NOTHING"
)
ONE = "SELECT jws FROM fourpillars_witnessed_checkpoint WHERE node = ? AND seq = ?"
ALL = "SELECT jws FROM fourpillars_witnessed_checkpoint WHERE node = ? ORDER BY seq"


class WitnessConflict(Exception):
    """A witness already holds another checkpoint with this number."""


def record(checkpoint: Entry, jws: str, kid: str) -> dict[str, Any]:
    """A checkpoint or restore marker as a line of a checkpoint file: the JWS (what is
    trusted) and, for people reading the file, what it says."""
    return {**checkpoint.to_payload(), "kid": kid, "jws": jws}


# --- the second database ---------------------------------------------------------------------


def _percent(statement: str) -> str:
    return statement.replace("?", "%s")


@contextmanager
def _database(url: str) -> Iterator[tuple[Any, Callable[[str], str]]]:
    """A DB-API connection to the witness database, and what turns a statement written with
    "?" marks into its driver's."""
    if url.startswith("sqlite:///"):
        conn: Any = sqlite3.connect(url.removeprefix("sqlite:///"), timeout=10)
        marks: Callable[[str], str] = str
    elif url.startswith(("postgres://", "postgresql://")):
        import psycopg

        conn = psycopg.connect(url, connect_timeout=10)
        marks = _percent
    else:
        raise ValueError(
            "FOURPILLARS_AUDIT_WITNESS_DATABASE_URL must start with sqlite:/// or postgres://"
        )
    try:
        with conn:
            conn.execute(DDL)
            yield conn, marks
    finally:
        conn.close()


def store_in_database(url: str, checkpoint: Entry, jws: str) -> None:
    """Keep ``jws`` in the witness database; WitnessConflict if it holds another one with this
    number already."""
    with _database(url) as (conn, marks):
        conn.execute(
            marks(INSERT), (checkpoint.node, checkpoint.seq, jws, timezone.now().isoformat())
        )
        held = conn.execute(marks(ONE), (checkpoint.node, checkpoint.seq)).fetchone()
    if held is None or held[0] != jws:
        raise WitnessConflict(f"the witness database holds another checkpoint {checkpoint.seq}")


def read_database(url: str, country: str) -> list[str]:
    with _database(url) as (conn, marks):
        rows = conn.execute(marks(ALL), (country,)).fetchall()
    return [str(r[0]) for r in rows]


# --- peers -----------------------------------------------------------------------------------


def witnessing_peers() -> list[Peer]:
    if not settings.FOURPILLARS_AUDIT_WITNESS_PEERS:
        return []
    return list(Peer.objects.filter(status=PeerStatus.ACTIVE.value).order_by("country"))


def checkpoints_url(peer: Peer) -> str:
    """Where a peer gives back what it witnessed: beside its inbox."""
    base = peer.inbox_url
    return (base.removesuffix("inbox/") if base.endswith("/inbox/") else base + "/../") + (
        "checkpoints/"
    )


def client() -> httpx.Client:
    """The HTTP client that asks peers for their checkpoints (a test swaps it)."""
    return httpx.Client(
        timeout=settings.FOURPILLARS_EXCHANGE_TIMEOUT,
        headers={"Content-Type": "application/jose", "Accept": "application/json"},
    )


class Unreachable(Exception):
    """A witness could not be asked, or its answer could not be believed (names why)."""


def _peer_key(peer: Peer, kid: str) -> OKPKey | None:
    row = PeerKey.objects.filter(peer=peer, kid=kid).first()
    return signing.import_public(row.public_jwk) if row else None


def ask_peer(peer: Peer, http: httpx.Client) -> list[str]:
    """The checkpoints ``peer`` holds for this node: a signed request, answered by a signed
    list that names the request's digest (so an old answer cannot be replayed)."""
    me = node.identity().country
    request, _ = node.sign(
        {
            "type": REQUEST_TYPE,
            "node": me,
            "witness": peer.country,
            "created": timezone.now().isoformat(),
            "nonce": secrets.token_hex(16),
        }
    )
    try:
        response = http.post(checkpoints_url(peer), content=request.encode("ascii"))
        body = response.json()
    except (httpx.HTTPError, ValueError) as exc:
        raise Unreachable(f"no answer: {exc}") from None
    answer = body.get("answer") if isinstance(body, dict) else None
    if not isinstance(answer, str):
        raise Unreachable(f"HTTP {response.status_code}: {body!r:.200}")
    try:
        unverified = signing.split(answer)
    except signing.BadJws as exc:
        raise Unreachable(f"the answer is not signed: {exc}") from None
    key = _peer_key(peer, unverified.kid)
    if key is None or not signing.verify(answer, key):
        raise Unreachable("the answer's signature does not verify with the peer's keys")
    data = unverified.payload
    if (data.get("type"), data.get("node"), data.get("witness")) != (
        ANSWER_TYPE,
        me,
        peer.country,
    ) or data.get("for_request") != signing.sha256(request):
        raise Unreachable("the answer is not the answer to this request")
    held = data.get("checkpoints")
    if not isinstance(held, list) or not all(isinstance(j, str) for j in held):
        raise Unreachable("the answer holds no list of checkpoints")
    return held


# --- sending ---------------------------------------------------------------------------------


def send(checkpoint: Entry, jws: str, kid: str) -> list[str]:
    """Give a new checkpoint or restore marker to every witness (a peer gets either in an
    ``audit_checkpoint`` message); what happened at each, in words."""
    done: list[str] = []
    payload = AuditCheckpoint(jws).to_payload()
    for peer in witnessing_peers():
        try:
            with transaction.atomic():
                outbox.enqueue(
                    actor=None,
                    type=MessageType.AUDIT_CHECKPOINT,
                    receiver=peer.country,
                    purpose=Purpose.OTHER_LAWFUL_PURPOSE,
                    payload=payload,
                )
            done.append(f"sent to witness {peer.country}")
        except DomainValidationError as exc:  # suspended meanwhile: the next one goes
            done.append(f"NOT sent to witness {peer.country}: {exc.summary()}")
    path = files.witness_file()
    if path is not None:
        files.append(path, record(checkpoint, jws, kid))
        done.append(f"written to the witness file {path}")
    url = settings.FOURPILLARS_AUDIT_WITNESS_DATABASE_URL
    if url:
        try:
            store_in_database(url, checkpoint, jws)
            done.append("kept in the witness database")
        except Exception as exc:  # a conflict, or the database away (sqlite3's or psycopg's)
            done.append(f"NOT kept in the witness database: {exc}")
    return done


# --- finding them again ----------------------------------------------------------------------


@dataclass
class Gathered:
    """Every checkpoint found, the problems reading them showed (unreadable lines), notes
    (witnesses not reached, none configured), how many came from each place answering
    (``sources``) and every witness asked, answering or not (``asked``)."""

    found: list[Found] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    sources: dict[str, int] = field(default_factory=dict)
    asked: list[str] = field(default_factory=list)

    def add(self, source: str, signed: list[str], known: dict[str, OKPKey]) -> None:
        self.sources[source] = len(signed)
        for n, jws in enumerate(signed, 1):
            read = keys.read(jws, known)
            if read.checkpoint is None:
                self.problems.append(f"entry {n} of {source} is not a checkpoint: {read.detail}")
            else:
                self.found.append(Found(read.checkpoint, source, read.signed, read.detail))


def _signed_lines(lines: list[str], source: str, problems: list[str]) -> list[str]:
    out = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            jws = json.loads(line)["jws"]
            if not isinstance(jws, str):
                raise TypeError
        except (ValueError, KeyError, TypeError):
            problems.append(f"line {n} of {source} is not a checkpoint record")
            continue
        out.append(jws)
    return out


def gather(*, peers: bool = True) -> Gathered:
    """Every checkpoint of this node found in the local file and at every witness."""
    got = Gathered()
    known = keys.on_file()
    got.add(LOCAL, _signed_lines(files.read(files.checkpoint_file()), LOCAL, got.problems), known)
    path = files.witness_file()
    if path is not None:
        source = "the witness file"
        got.asked.append(source)
        got.add(source, _signed_lines(files.read(path), source, got.problems), known)
    url = settings.FOURPILLARS_AUDIT_WITNESS_DATABASE_URL
    country = node.identity().country
    if url:
        got.asked.append("the witness database")
        try:
            got.add("the witness database", read_database(url, country), known)
        except Exception as exc:  # the database away or misnamed: say so, check the rest
            got.notes.append(f"the witness database was not reached: {exc}")
    if peers:
        with client() as http:
            for peer in witnessing_peers():
                got.asked.append(f"witness {peer.country}")
                try:
                    got.add(f"witness {peer.country}", ask_peer(peer, http), known)
                except Unreachable as exc:
                    got.notes.append(f"witness {peer.country} was not reached: {exc}")
    if not got.found and not got.problems:
        got.notes.append("no checkpoint found: `fourpillars audit-checkpoint` makes one")
    elif len(got.sources) == 1 and not got.notes:
        got.notes.append(
            "no witness holds these checkpoints: add peer nodes, or set "
            "FOURPILLARS_AUDIT_WITNESS_FILE or FOURPILLARS_AUDIT_WITNESS_DATABASE_URL"
        )
    return got
