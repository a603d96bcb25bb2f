"""POST scenarios in `make bench`: the wrk Lua script and the Python load generator send the
method and a JSON body per request; GET scenarios are unchanged; the score_api scenario's
requests are accepted by the real route."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from bench import load, setup, wrk
from bench.__main__ import SCENARIOS, parse_args
from django.test import Client

from fourpillars.services import accounts as user_services
from tests.cast import World


def post(i: int) -> load.Request:
    body = json.dumps({"n": i}).encode()
    return load.Request("/score", {"Content-Type": "application/json"}, "POST", body)


def test_wrk_script_for_a_post_sends_method_and_a_body_per_request() -> None:
    lua = wrk.script(post)
    assert "wrk.format([==[POST]==], paths[k], nil, bodies[k])" in lua
    assert "local bodies = {[==[" in lua
    assert '[==[{"n": 0}]==]' in lua and f'[==[{{"n": {wrk.PATHS - 1}}}]==]' in lua
    assert "wrk.headers[ [==[Content-Type]==] ] = [==[application/json]==]" in lua
    assert "latency:percentile(95)" in lua


def test_wrk_script_for_a_get_is_unchanged() -> None:
    lua = wrk.script(lambda i: (f"/api/v1/cases/{i}", {}))
    assert 'return wrk.format("GET", paths[(i % #paths) + 1])' in lua
    assert "bodies" not in lua
    assert wrk.script(lambda i: load.Request(f"/api/v1/cases/{i}", {})) == lua


def test_a_body_that_cannot_be_quoted_is_refused() -> None:
    with pytest.raises(ValueError):
        wrk.script(lambda i: load.Request("/x", {}, "POST", b'{"a": "]==]"}'))


class Recorder(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as the load generator expects
    seen: list[tuple[str, str, bytes, str]] = []
    lock = threading.Lock()

    def _answer(self, body: bytes) -> None:
        with self.lock:
            self.seen.append((self.command, self.path, body, self.headers.get("Content-Type", "")))
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")

    def do_POST(self) -> None:
        self._answer(self.rfile.read(int(self.headers.get("Content-Length", "0"))))

    def do_GET(self) -> None:
        self._answer(b"")

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[int]:
    Recorder.seen = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield int(httpd.server_address[1])
    httpd.shutdown()
    httpd.server_close()


def test_python_load_generator_posts_json_bodies(server: int) -> None:
    result = load.run("post", server, post, clients=2, requests=10, seconds=10)
    assert (result.requests, result.failed, dict(result.statuses)) == (10, 0, {200: 10})
    assert {(m, p, t) for m, p, _, t in Recorder.seen} == {("POST", "/score", "application/json")}
    assert sorted(json.loads(b)["n"] for _, _, b, _ in Recorder.seen) == list(range(10))


def test_python_load_generator_still_gets(server: int) -> None:
    result = load.run("get", server, lambda i: (f"/x/{i}", {}), clients=2, requests=4, seconds=10)
    assert result.failed == 0 and len(result.latencies_ms) == 4
    assert {(m, b) for m, _, b, _ in Recorder.seen} == {("GET", b"")}


@pytest.mark.django_db
def test_score_api_requests_are_accepted_by_the_route(world: World) -> None:
    token = user_services.issue_token(user=world.users["police"], name="bench", days=1)
    make = setup.score_requests(token)
    client = Client(raise_request_exception=False)
    bodies = set()
    for i in (0, 1, 999, 1000):
        request = make(i)
        assert isinstance(request, load.Request) and request.method == "POST"
        assert request.path == "/api/v1/instruments/ogrs3/score" and request.body is not None
        response = client.post(
            request.path,
            request.body,
            content_type=request.headers["Content-Type"],
            HTTP_AUTHORIZATION=request.headers["Authorization"],
        )
        assert response.status_code == 200, response.content
        assert response.json()["instrument"] == "ogrs3"
        bodies.add(request.body)
    assert len(bodies) == 3  # 1,000 different inputs, cycled


def test_only_names_known_scenarios_and_parts_can_be_skipped() -> None:
    args = parse_args(["--only", "score_api", "--skip-scoring", "--skip-rescoring"])
    assert (args.only, args.skip_scoring, args.skip_rescoring, args.skip_http) == (
        "score_api",
        True,
        True,
        False,
    )
    defaults = parse_args([])
    assert not (defaults.only or defaults.skip_scoring or defaults.skip_rescoring)
    assert not defaults.skip_http and defaults.scoring_seconds > 0
    with pytest.raises(SystemExit):
        parse_args(["--only", "score"])
    state = setup.State(
        world=None,  # type: ignore[arg-type]  # not used by the scenarios
        creds=setup.fixtures.Credentials("token", "token", "sessionid=x"),
        counts={},
        case_ids=[1],
        queries=["Smith"],
        people=0,
        load_stats=setup.loader.LoadStats(0, 0, 0.0),
        load_average=[],
    )
    assert tuple(setup.scenarios(state)) == SCENARIOS
