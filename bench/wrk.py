"""Load from ``wrk`` (Debian package), when it is installed: a C load generator takes far less
of this 2-core machine's CPU than Python threads, so the server under test keeps more of it
and the latencies measured are the server's, not the load generator's. Bounded in time
(``--seconds``, at most 20 s a scenario) and stops by itself; loopback only."""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .load import MakeRequest, Result, request_of

MAX_SECONDS = 20.0
PATHS = 500


def available() -> bool:
    return shutil.which("wrk") is not None


@dataclass
class WrkResult(Result):
    """A Result whose percentiles come from wrk's own latency histogram."""

    ok: int = 0
    pct: dict[int, float] = field(default_factory=dict)
    max_ms: float | None = None

    def percentile(self, p: float) -> float | None:
        return self.pct.get(int(p))

    @property
    def throughput(self) -> float:
        return self.ok / self.seconds if self.seconds else 0.0

    @property
    def failed(self) -> int:
        return self.requests - self.ok

    def summary(self) -> dict[str, object]:
        out = super().summary()
        out.update({"ok": self.ok, "max_ms": self.max_ms, "load_generator": "wrk"})
        return out


def _lua_string(text: str) -> str:
    if "]==]" in text:
        raise ValueError("path, header or body cannot be quoted for Lua")
    return f"[==[{text}]==]"


def script(make: MakeRequest) -> str:
    """A wrk Lua script cycling through the scenario's paths with its headers (those of the
    first request); with the method and a body per request when the scenario has them
    (``wrk.format(method, path, nil, body)``: nil headers are ``wrk.headers``)."""
    requests = [request_of(make(i)) for i in range(PATHS)]
    first = requests[0]
    lines = [
        "local paths = {" + ", ".join(_lua_string(r.path) for r in requests) + "}",
        "local i = 0",
    ]
    lines += [
        f"wrk.headers[ {_lua_string(k)} ] = {_lua_string(v)}" for k, v in first.headers.items()
    ]
    if first.method == "GET" and all(r.body is None for r in requests):
        lines += [
            "request = function()",
            "  i = i + 1",
            '  return wrk.format("GET", paths[(i % #paths) + 1])',
            "end",
        ]
    else:
        bodies = [(r.body or b"").decode("utf-8") for r in requests]
        lines.insert(1, "local bodies = {" + ", ".join(_lua_string(b) for b in bodies) + "}")
        lines += [
            "request = function()",
            "  i = i + 1",
            "  local k = (i % #paths) + 1",
            f"  return wrk.format({_lua_string(first.method)}, paths[k], nil, bodies[k])",
            "end",
        ]
    lines += [
        "done = function(summary, latency, requests)",
        '  io.write(string.format("FPJSON {\\"requests\\": %d, \\"duration_us\\": %d, '
        '\\"status\\": %d, \\"socket\\": %d, \\"p50\\": %d, \\"p95\\": %d, \\"p99\\": %d, '
        '\\"max\\": %d}\\n", summary.requests, summary.duration, summary.errors.status, '
        "summary.errors.connect + summary.errors.read + summary.errors.write + "
        "summary.errors.timeout, latency:percentile(50), latency:percentile(95), "
        "latency:percentile(99), latency.max))",
        "end",
    ]
    return "\n".join(lines) + "\n"


def _wrk(port: int, lua: Path, clients: int, seconds: float) -> dict[str, int]:
    threads = max(1, min(2, clients))
    cmd = [
        "wrk",
        "-t",
        str(threads),
        "-c",
        str(clients),
        "-d",
        f"{seconds:.0f}s",
        "--timeout",
        "30s",
        "-s",
        str(lua),
        f"http://127.0.0.1:{port}",
    ]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 60, check=False)
    line = next((ln for ln in out.stdout.splitlines() if ln.startswith("FPJSON ")), None)
    if out.returncode != 0 or line is None:
        raise RuntimeError(f"wrk failed (exit {out.returncode}): {out.stderr or out.stdout}")
    data: dict[str, int] = json.loads(line.removeprefix("FPJSON "))
    return data


def run(
    name: str,
    port: int,
    make: MakeRequest,
    *,
    clients: int,
    seconds: float,
    warmup_seconds: float = 3.0,
) -> WrkResult:
    """Warm up, then measure for ``seconds`` (capped at MAX_SECONDS) with ``clients``
    connections."""
    seconds = max(2.0, min(seconds, MAX_SECONDS))
    with tempfile.TemporaryDirectory() as tmp:
        lua = Path(tmp) / f"{name}.lua"
        lua.write_text(script(make), encoding="utf-8")
        _wrk(port, lua, clients, warmup_seconds)
        data = _wrk(port, lua, clients, seconds)
    result = WrkResult(name, clients)
    result.requests = data["requests"]
    result.ok = data["requests"] - data["status"] - data["socket"]
    result.seconds = data["duration_us"] / 1e6
    result.pct = {50: data["p50"] / 1000, 95: data["p95"] / 1000, 99: data["p99"] / 1000}
    result.max_ms = data["max"] / 1000
    if data["status"]:
        result.errors["non-2xx"] = data["status"]
    if data["socket"]:
        result.errors["socket"] = data["socket"]
    return result
