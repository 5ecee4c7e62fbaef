"""A scripted HTTP server on 127.0.0.1 for testing the fetch engine and the sources without the internet.

Each route has a list of steps, served in order (the last one repeats). A step is a dict:
    status, headers, body (bytes or str), delay (seconds before answering),
    fault: None | "drop" (close without answering) | "truncate" (promise more bytes than sent) | "gzip"
           | "endless" (no length, the body repeated until the client hangs up)
    by_body: [(substring, step), ...]: answer with the first step whose substring is in the request body
    by_query: [(substring, step), ...]: the same, matched against the request path and query
    random: [(weight, step), ...]: pick one at random (seeded), e.g. a mix of faults for a soak test
    echo: True: the body is the request's query string (so a stored answer can be checked against its URL)
    respond: a function of the request (dict: method, path, headers, body) returning the step to serve, for
           servers whose answers depend on what is asked (a SQL endpoint emulated with its quotas)
The server records every request (path, headers, body) and the highest number of requests in flight.
``fallback`` (a step) answers paths without a route (404 when unset), e.g. jobs whose ids are made up as they run.
"""

from __future__ import annotations

import gzip
import random
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Dict, List, Optional
from urllib.parse import urlsplit


class FaultServer:
    def __init__(self) -> None:
        self.routes: Dict[str, List[Dict[str, Any]]] = {}
        self.fallback: Optional[Dict[str, Any]] = None
        self.served: Dict[str, int] = {}
        self.requests: List[Dict[str, Any]] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self._lock = threading.Lock()
        self._rng = random.Random(1234)
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:  # keep test output clean
                pass

            def _serve(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body_in = self.rfile.read(length) if length else b""
                path = urlsplit(self.path).path
                with server._lock:
                    server.in_flight += 1
                    server.max_in_flight = max(server.max_in_flight, server.in_flight)
                    server.requests.append({"method": self.command, "path": self.path,
                                            "headers": {k.lower(): v for k, v in self.headers.items()},
                                            "body": body_in, "time": time.monotonic()})
                    steps = server.routes.get(path, [server.fallback] if server.fallback else None)
                    if steps is None:
                        step: Dict[str, Any] = {"status": 404, "body": b"no such route"}
                    else:
                        i = server.served.get(path, 0)
                        server.served[path] = i + 1
                        step = steps[min(i, len(steps) - 1)]
                        for needle, alternative in step.get("by_body", []):
                            if needle.encode() in body_in:
                                step = alternative
                                break
                        for needle, alternative in step.get("by_query", []):
                            if needle in self.path:
                                step = alternative
                                break
                        if "random" in step:
                            weights, choices = zip(*step["random"])
                            step = server._rng.choices(choices, weights=weights)[0]
                        if step.get("echo"):
                            step = {**step, "body": urlsplit(self.path).query}
                        request = server.requests[-1]
                try:
                    if steps is not None and "respond" in step:
                        step = step["respond"](request)  # outside the lock: an emulated query may take a while
                    server._answer(self, step)
                finally:
                    with server._lock:
                        server.in_flight -= 1

            do_GET = _serve
            do_POST = _serve

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        # A short poll interval: shutdown() waits for it, once per test.
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def route(self, path: str, *steps: Dict[str, Any]) -> str:
        self.routes[path] = list(steps)
        self.served.pop(path, None)
        return self.url + path

    def count(self, path: str) -> int:
        return sum(1 for r in self.requests if urlsplit(r["path"]).path == path)

    @staticmethod
    def _answer(handler: BaseHTTPRequestHandler, step: Dict[str, Any]) -> None:
        time.sleep(step.get("delay", 0.0))
        fault: Optional[str] = step.get("fault")
        if fault == "drop":
            handler.connection.shutdown(socket.SHUT_RDWR)
            handler.close_connection = True
            return
        body = step.get("body", b"")
        if isinstance(body, str):
            body = body.encode()
        headers = dict(step.get("headers", {}))
        if fault == "gzip":
            body = gzip.compress(body)
            headers["Content-Encoding"] = "gzip"
        handler.send_response(step.get("status", 200))
        for k, v in headers.items():
            handler.send_header(k, str(v))
        if fault == "endless":
            handler.send_header("Connection", "close")
            handler.end_headers()
            handler.close_connection = True
            chunk = body or b"x" * 65536
            try:
                while True:
                    handler.wfile.write(chunk)
            except OSError:  # the client gave up: what the test wants
                return
        length = len(body) + (1000 if fault == "truncate" else 0)
        handler.send_header("Content-Length", str(length))
        if fault == "truncate":
            handler.send_header("Connection", "close")
        handler.end_headers()
        handler.wfile.write(body)
        handler.wfile.flush()
        if fault == "truncate":
            handler.close_connection = True
            handler.connection.shutdown(socket.SHUT_RDWR)

    def __enter__(self) -> "FaultServer":
        self.thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
