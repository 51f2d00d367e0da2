"""A local, fake OpenAI-compatible server for experiments (Starlette + uvicorn).

``POST /v1/chat/completions`` answers with the last user message upper-cased,
in the response shape of the Chat Completions API; nothing leaves the
machine. ``serve()`` starts uvicorn in a daemon thread on 127.0.0.1 only,
on a port the OS picks (or the one given), and stops it on exit:

    with serve() as base_url:       # "http://127.0.0.1:<port>/v1"
        ...
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

__all__ = ["app", "serve", "PortInUse"]

START_TIMEOUT = 10.0
STOP_TIMEOUT = 10.0


async def chat_completions(request: Request) -> JSONResponse:
    body = await request.json()
    text = body["messages"][-1]["content"]
    return JSONResponse({
        "id": "chatcmpl-local",
        "object": "chat.completion",
        "created": 0,
        "model": body["model"],
        "choices": [{
            "index": 0,
            "finish_reason": "stop",
            "message": {"role": "assistant", "content": text.upper()},
        }],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    })


app = Starlette(routes=[Route("/v1/chat/completions", chat_completions, methods=["POST"])])


class PortInUse(OSError):
    """The requested port on 127.0.0.1 is taken by another process or socket."""


def _bind(port: int) -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.bind(("127.0.0.1", port))
    except OSError as e:
        sock.close()
        raise PortInUse(f"127.0.0.1:{port} is already in use ({e.strerror}); "
                        "pass port=0 to let the OS pick a free one") from e
    return sock


@contextmanager
def serve(port: int = 0) -> Iterator[str]:
    """Run the fake server for the duration of the ``with`` block; yields its base URL."""
    sock = _bind(port)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]},
                              name="fake-openai-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + START_TIMEOUT
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            sock.close()
            raise RuntimeError(f"the fake server did not start within {START_TIMEOUT} s")
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}/v1"
    finally:
        server.should_exit = True
        thread.join(STOP_TIMEOUT)
        sock.close()
        if thread.is_alive():
            raise RuntimeError(f"the fake server did not stop within {STOP_TIMEOUT} s")
