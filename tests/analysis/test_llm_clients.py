"""Threads, asyncio and processes against the local fake LLM server: every reply, in order."""

import socket
import subprocess
import threading

import pytest
import racecheck

from snippets.analysis import fake_llm_server
from snippets.analysis.fake_llm_server import FakeLLMServer, server_process
from snippets.analysis.llm_clients import complete, run_asyncio, run_processes, run_threads
from tests.support.threads import within

PROMPTS = [f"prompt {i}" for i in range(12)]


@pytest.fixture(scope="module")
def server():
    with FakeLLMServer(latency=0.02) as s:
        yield s


@pytest.mark.parametrize("run", [run_threads, run_asyncio], ids=["threads", "asyncio"])
def test_every_reply_in_prompt_order(server, run):
    replies = run(server.url, PROMPTS, concurrency=4)
    assert [r.text for r in replies] == [f"echo: {p}" for p in PROMPTS]
    assert all(r.latency >= 0.02 for r in replies)


def test_processes_every_reply_in_prompt_order(server):
    replies = run_processes(server.url, PROMPTS[:4], concurrency=2)
    assert [r.text for r in replies] == [f"echo: {p}" for p in PROMPTS[:4]]


def test_server_binds_loopback_only_and_stops():
    with FakeLLMServer(latency=0) as s:
        assert s.url.startswith("http://127.0.0.1:")
        assert complete(s.url, "hi").text == "echo: hi"
        port = s.port
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=1).close()


def test_port_in_use_is_a_clear_error():
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        with pytest.raises(OSError, match="cannot start the fake LLM server on 127.0.0.1"):
            with FakeLLMServer(port=busy.getsockname()[1]):
                pass


def test_wrong_path_is_an_http_error(server):
    import http.client

    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    conn.request("GET", "/")
    assert conn.getresponse().status == 404
    conn.close()


def test_server_process_serves_and_is_killed():
    with server_process(latency=0) as url:
        assert url.startswith("http://127.0.0.1:")
        assert complete(url, "hi").text == "echo: hi"
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", int(url.rsplit(":", 1)[1])), timeout=1).close()


class _NeverReady(FakeLLMServer):
    """A server thread that ends without ever signalling readiness (as a hung start would look)."""

    def _serve(self) -> None:
        pass


def test_a_server_that_never_gets_ready_is_a_timeout_not_a_hang():
    def enter(server):
        try:
            with server:
                return "entered"
        except TimeoutError as exc:
            return str(exc)

    racecheck.verify(
        racecheck.Scenario(
            name="fake LLM server: its thread never reports ready",
            setup=lambda: {"server": _NeverReady(latency=0)},
            threads=[lambda s: s.__setitem__("outcome", enter(s["server"]))],
            check=lambda s: s["outcome"] == "the fake LLM server did not start within 10 s",
            targets=[fake_llm_server],
        )
    )


class _Child:
    """A stand-in for the server process (no process is started)."""

    def __init__(self, *args, **kwargs):
        self.killed = threading.Event()
        self.stdout = self

    def readline(self) -> str:  # a child that never prints its address
        self.killed.wait()
        return ""

    def kill(self) -> None:
        self.killed.set()

    def wait(self, timeout=None) -> int:
        return -9


class _Unkillable(_Child):
    """A child that prints its address, then ignores SIGKILL (stuck in the kernel)."""

    def readline(self) -> str:
        return "listening on http://127.0.0.1:1\n"

    def kill(self) -> None:
        pass

    def wait(self, timeout=None) -> int:
        if timeout is None:
            threading.Event().wait()  # forever, as for the real stuck child
        raise subprocess.TimeoutExpired("fake_llm_server", timeout)


def _serve_once(**kwargs):
    with server_process(**kwargs) as url:
        return url


def test_a_server_process_that_never_prints_its_address_fails_after_start_timeout(monkeypatch):
    monkeypatch.setattr(subprocess, "Popen", _Child)
    with pytest.raises(RuntimeError, match="did not start"):
        within(lambda: _serve_once(start_timeout=0.2))


def test_a_server_process_that_ignores_kill_is_an_error_not_a_hang(monkeypatch):
    monkeypatch.setattr(subprocess, "Popen", _Unkillable)
    with pytest.raises(subprocess.TimeoutExpired):
        within(_serve_once)


class _CountingServer(FakeLLMServer):
    """Records the most requests in flight at once (touched only by the event-loop thread)."""

    in_flight = most = 0

    async def _handle(self, reader, writer) -> None:
        self.in_flight += 1
        self.most = max(self.most, self.in_flight)
        try:
            await super()._handle(reader, writer)
        finally:
            self.in_flight -= 1


@pytest.mark.parametrize("run", [run_threads, run_asyncio], ids=["threads", "asyncio"])
def test_no_more_requests_in_flight_than_the_concurrency(run):
    with _CountingServer(latency=0.1) as counting:
        replies = run(counting.url, PROMPTS, concurrency=3)
    assert [r.text for r in replies] == [f"echo: {p}" for p in PROMPTS]
    assert counting.most <= 3, f"{counting.most} requests in flight with concurrency=3"
