"""Threads, asyncio and processes against the local fake LLM server: every reply, in order."""

import socket

import pytest

from snippets.analysis.fake_llm_server import FakeLLMServer, server_process
from snippets.analysis.llm_clients import complete, run_asyncio, run_processes, run_threads

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
