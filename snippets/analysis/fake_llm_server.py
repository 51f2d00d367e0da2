"""A fake OpenAI-style chat completions server for experiments, standard library only.

``POST /v1/chat/completions`` answers after ``latency`` seconds with a
completion that echoes the last user message, the way a remote LLM API
spends most of a request waiting. The server runs its own asyncio event loop
in a background thread, binds 127.0.0.1 only, takes a free port from the
operating system unless one is given, and stops when the ``with`` block ends.

    with FakeLLMServer(latency=0.05) as server:
        print(server.url)        # http://127.0.0.1:<port>
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import subprocess
import sys
import threading
from pathlib import Path

__all__ = ["FakeLLMServer", "server_process"]


class FakeLLMServer:
    def __init__(self, latency: float = 0.05, port: int = 0):
        self.latency = latency
        self._port = port
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self._error: BaseException | None = None
        self.requests = 0  # touched only by the server's event-loop thread

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._port}"

    @property
    def port(self) -> int:
        return self._port

    def __enter__(self) -> FakeLLMServer:
        self._thread = threading.Thread(target=self._serve, name="fake-llm-server", daemon=True)
        self._thread.start()
        if not self._ready.wait(10):
            raise TimeoutError("the fake LLM server did not start within 10 s")
        if self._error is not None:
            raise OSError(f"cannot start the fake LLM server on 127.0.0.1:{self._port}: {self._error}") from self._error
        return self

    def __exit__(self, *exc) -> None:
        if self._loop is not None and self._loop.is_running():
            self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(10)

    def _serve(self) -> None:
        try:
            asyncio.run(self._main())
        except BaseException as e:  # reported by __enter__ (e.g. port in use)
            self._error = e
            self._ready.set()

    async def _main(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._stop = asyncio.Event()
        server = await asyncio.start_server(self._handle, "127.0.0.1", self._port)
        self._port = server.sockets[0].getsockname()[1]
        self._ready.set()
        async with server:
            await self._stop.wait()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            request_line = await reader.readline()
            headers = {}
            while (line := await reader.readline()) not in (b"\r\n", b"\n", b""):
                name, _, value = line.decode("latin-1").partition(":")
                headers[name.strip().lower()] = value.strip()
            body = await reader.readexactly(int(headers.get("content-length", 0)))
            if not request_line.startswith(b"POST /v1/chat/completions "):
                status, payload = "404 Not Found", {"error": "not found"}
            else:
                self.requests += 1
                messages = json.loads(body)["messages"]
                await asyncio.sleep(self.latency)  # the model "thinking"
                text = "echo: " + messages[-1]["content"]
                status, payload = "200 OK", {
                    "object": "chat.completion",
                    "choices": [{"index": 0, "message": {"role": "assistant", "content": text}}],
                }
            data = json.dumps(payload).encode()
            writer.write(
                f"HTTP/1.1 {status}\r\nContent-Type: application/json\r\n"
                f"Content-Length: {len(data)}\r\nConnection: close\r\n\r\n".encode() + data
            )
            await writer.drain()
        finally:
            writer.close()


@contextlib.contextmanager
def server_process(latency: float = 0.05, start_timeout: float = 30.0):
    """The same server in its own process (so it does not share a GIL with the
    clients being measured); yields its URL and kills it on exit."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "snippets.analysis.fake_llm_server", "--latency", str(latency)],
        cwd=Path(__file__).resolve().parents[2], stdout=subprocess.PIPE, text=True,
    )
    try:
        ready = threading.Event()
        line = []
        reader = threading.Thread(target=lambda: (line.append(proc.stdout.readline()), ready.set()), daemon=True)
        reader.start()
        if not ready.wait(start_timeout) or not line[0].startswith("listening on "):
            raise RuntimeError(f"the server process did not start: {line!r}")
        yield line[0].split()[-1]
    finally:
        proc.kill()
        proc.wait(10)


def main() -> None:
    ap = argparse.ArgumentParser(description="serve the fake LLM API on 127.0.0.1 until killed")
    ap.add_argument("--latency", type=float, default=0.05)
    ap.add_argument("--port", type=int, default=0)
    args = ap.parse_args()
    with FakeLLMServer(latency=args.latency, port=args.port) as server:
        print(f"listening on {server.url}", flush=True)
        threading.Event().wait()


if __name__ == "__main__":
    main()
