"""Closed-loop HTTP load: N client threads, each with one keep-alive connection, sending the
next request as soon as the last answer arrives. Bounded in requests and in time; stops by
itself. Standard library only (threads + http.client).

A scenario's request is a path and headers (a GET), or a :class:`Request` naming the method
and the body too (e.g. a POST of a JSON object)."""

from __future__ import annotations

import http.client
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple, TypeVar


class Request(NamedTuple):
    path: str  # with its query string
    headers: dict[str, str]
    method: str = "GET"
    body: bytes | None = None


R = TypeVar("R", bound="Result")
MakeRequest = Callable[[int], Request | tuple[str, dict[str, str]]]


def median_round(rounds: list[R]) -> R:
    """Of several runs of one scenario, the one whose p95 is the median (the lower middle for
    an even number); a run with no p95 (nothing succeeded) counts as the slowest. The bench
    reports that run, so one slow or fast moment of a shared machine does not decide."""
    if not rounds:
        raise ValueError("no rounds to choose from")

    def key(r: R) -> tuple[bool, float]:
        p95 = r.percentile(95)
        return (p95 is None, p95 or 0.0)

    return sorted(rounds, key=key)[(len(rounds) - 1) // 2]


def request_of(raw: Request | tuple[str, dict[str, str]]) -> Request:
    """A scenario's request; a bare (path, headers) pair is a GET without a body."""
    return raw if isinstance(raw, Request) else Request(*raw)


@dataclass
class Result:
    name: str
    clients: int
    requests: int = 0
    seconds: float = 0.0
    latencies_ms: list[float] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)

    def percentile(self, p: float) -> float | None:
        """Nearest-rank percentile of the successful (2xx) requests, in milliseconds."""
        data = sorted(self.latencies_ms)
        if not data:
            return None
        rank = max(1, min(len(data), round(p / 100 * len(data) + 0.5)))
        return data[rank - 1]

    @property
    def throughput(self) -> float:
        """Successful requests per second over the run's wall time."""
        return len(self.latencies_ms) / self.seconds if self.seconds else 0.0

    @property
    def failed(self) -> int:
        return self.requests - len(self.latencies_ms)

    def summary(self) -> dict[str, object]:
        return {
            "clients": self.clients,
            "requests": self.requests,
            "ok": len(self.latencies_ms),
            "failed": self.failed,
            "seconds": round(self.seconds, 2),
            "throughput_rps": round(self.throughput, 1),
            "p50_ms": _round(self.percentile(50)),
            "p95_ms": _round(self.percentile(95)),
            "p99_ms": _round(self.percentile(99)),
            "max_ms": _round(max(self.latencies_ms) if self.latencies_ms else None),
            "statuses": {str(k): v for k, v in sorted(self.statuses.items())},
            "errors": dict(self.errors),
        }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


class _Counter:
    def __init__(self, limit: int) -> None:
        self.limit, self.value, self.lock = limit, 0, threading.Lock()

    def take(self) -> int | None:
        with self.lock:
            if self.value >= self.limit:
                return None
            self.value += 1
            return self.value - 1


def _one(conn: http.client.HTTPConnection, request: Request) -> int:
    conn.request(request.method, request.path, body=request.body, headers=request.headers)
    response = conn.getresponse()
    response.read()
    return response.status


def _client(
    port: int,
    make: MakeRequest,
    counter: _Counter,
    deadline: float,
    result: Result,
    lock: threading.Lock,
) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    while time.monotonic() < deadline and (i := counter.take()) is not None:
        request = request_of(make(i))
        started = time.perf_counter()
        try:
            status = _one(conn, request)
        except (OSError, http.client.HTTPException) as exc:
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            with lock:
                result.requests += 1
                result.errors[type(exc).__name__] += 1
            continue
        elapsed = (time.perf_counter() - started) * 1000
        with lock:
            result.requests += 1
            result.statuses[status] += 1
            if 200 <= status < 300:
                result.latencies_ms.append(elapsed)
    conn.close()


def run(
    name: str,
    port: int,
    make: MakeRequest,
    *,
    clients: int,
    requests: int,
    seconds: float,
    warmup: int = 0,
) -> Result:
    """Send at most ``requests`` requests within at most ``seconds``, from ``clients``
    threads; ``warmup`` requests first, unmeasured."""
    if warmup:
        run(name, port, make, clients=clients, requests=warmup, seconds=seconds)
    result, lock = Result(name, clients), threading.Lock()
    counter = _Counter(requests)
    deadline = time.monotonic() + seconds
    threads = [
        threading.Thread(
            target=_client, args=(port, make, counter, deadline, result, lock), daemon=True
        )
        for _ in range(clients)
    ]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join(seconds + 60)
    result.seconds = time.perf_counter() - started
    return result
