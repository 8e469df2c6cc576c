"""A dedicated HTTP/1.1 server for `/s/<code>` only: asyncio protocol, keep-alive, a few
pre-forked processes sharing one listening socket.

Even the lean WSGI path spends most of each request inside the WSGI server (request parsing,
thread hand-off), so a viral campaign is better served by this small process behind the same
reverse proxy (`location /s/ { proxy_pass http://127.0.0.1:8001; }`). Resolution and counting are
the very same code as the WSGI path and the Django view (tangkal.campaigns.clicks). Database work
(an unknown code, the first click of the day) runs in a thread so the event loop never blocks on it.

    .venv/bin/python manage.py serve_shortlinks --bind 127.0.0.1:8001 --workers 2
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import socket
import sys

logger = logging.getLogger(__name__)

MAX_HEAD = 8192
IDLE_SECONDS = 30


def _response(status: bytes, headers: list[tuple[str, str]], body: bytes, *, keep_alive: bool) -> bytes:
    lines = [b"HTTP/1.1 " + status]
    lines += [f"{k}: {v}".encode("latin-1") for k, v in headers]
    lines.append(b"Content-Length: " + str(len(body)).encode())
    lines.append(b"Connection: keep-alive" if keep_alive else b"Connection: close")
    return b"\r\n".join(lines) + b"\r\n\r\n" + body


class ShortLinkProtocol(asyncio.Protocol):
    def __init__(self):
        self.buffer = b""
        self.transport = None
        self.idle = None
        self.busy = False

    def connection_made(self, transport):
        self.transport = transport
        self.peer = (transport.get_extra_info("peername") or ("0.0.0.0", 0))[0]
        self._arm()

    def connection_lost(self, exc):
        if self.idle is not None:
            self.idle.cancel()

    def _arm(self):
        if self.idle is not None:
            self.idle.cancel()
        self.idle = asyncio.get_running_loop().call_later(IDLE_SECONDS, self._timeout)

    def _timeout(self):
        if self.transport is not None:
            self.transport.close()

    def data_received(self, data: bytes):
        self.buffer += data
        self._arm()
        if not self.busy:
            self._process()

    def _process(self):
        while True:
            end = self.buffer.find(b"\r\n\r\n")
            if end > MAX_HEAD or (end < 0 and len(self.buffer) > MAX_HEAD):
                self._finish(b"431 Request Header Fields Too Large", [], b"", keep_alive=False)
                return
            if end < 0:
                return
            head, self.buffer = self.buffer[:end], self.buffer[end + 4:]
            lines = head.split(b"\r\n")
            parts = lines[0].split(b" ")
            if len(parts) != 3:
                self._finish(b"400 Bad Request", [], b"", keep_alive=False)
                return
            method, target, version = parts
            headers = {}
            for line in lines[1:]:
                name, _sep, value = line.partition(b":")
                headers[name.strip().lower()] = value.strip()
            if headers.get(b"content-length", b"0") not in (b"0", b"") or b"transfer-encoding" in headers:
                self._finish(b"400 Bad Request", [], b"", keep_alive=False)
                return
            connection = headers.get(b"connection", b"").lower()
            keep_alive = (connection != b"close") if version == b"HTTP/1.1" else (connection == b"keep-alive")
            if not self._handle(method, target, headers, keep_alive):
                return  # answered later, from a thread
            if not keep_alive:
                return

    def _handle(self, method: bytes, target: bytes, headers: dict, keep_alive: bool) -> bool:
        from tangkal.campaigns import clicks

        path = target.split(b"?", 1)[0].decode("latin-1")
        if method not in (b"GET", b"HEAD"):
            self._finish(b"405 Method Not Allowed", [("Allow", "GET, HEAD")], b"", keep_alive=keep_alive)
            return True
        if path == "/healthz":
            self._finish(b"200 OK", [("Content-Type", "text/plain")], b"ok", keep_alive=keep_alive)
            return True
        if not path.startswith("/s/"):
            self._not_found(method, keep_alive)
            return True
        segment = path[3:].strip("/")
        ua = headers.get(b"user-agent", b"").decode("latin-1")
        environ = {"REMOTE_ADDR": self.peer,
                   "HTTP_X_FORWARDED_FOR": headers.get(b"x-forwarded-for", b"").decode("latin-1")}
        ip = clicks.client_ip(environ)
        count = method == b"GET"
        if clicks.ready(segment):
            self._answer(clicks.click(segment, ip=ip, user_agent=ua, count=count), method, keep_alive)
            return True
        # Needs the database (a code not seen yet, a new day's salt): off the event loop.
        self.busy = True
        future = asyncio.get_running_loop().run_in_executor(
            None, lambda: clicks.click(segment, ip=ip, user_agent=ua, count=count))

        def done(fut):
            self.busy = False
            try:
                destination = fut.result()
            except Exception:  # noqa: BLE001 - a broken lookup must not take the server down
                logger.exception("short link failed")
                self._finish(b"503 Service Unavailable", [("Retry-After", "5")], b"", keep_alive=False)
                return
            self._answer(destination, method, keep_alive)
            if keep_alive and self.buffer and self.transport is not None and not self.transport.is_closing():
                self._process()

        future.add_done_callback(done)
        return False

    def _answer(self, destination, method: bytes, keep_alive: bool) -> None:
        from tangkal.campaigns.shortlink_wsgi import _security_headers

        if destination is None:
            self._not_found(method, keep_alive)
            return
        self._finish(b"302 Found", [("Location", destination), *_security_headers()], b"", keep_alive=keep_alive)

    def _not_found(self, method: bytes, keep_alive: bool) -> None:
        from tangkal.campaigns.shortlink_wsgi import NOT_FOUND_BODY, _security_headers

        body = b"" if method == b"HEAD" else NOT_FOUND_BODY
        self._finish(b"404 Not Found", [("Content-Type", "text/html; charset=utf-8"), *_security_headers()], body,
                     keep_alive=keep_alive)

    def _finish(self, status: bytes, headers, body: bytes, *, keep_alive: bool) -> None:
        if self.transport is None or self.transport.is_closing():
            return
        self.transport.write(_response(status, headers, body, keep_alive=keep_alive))
        if not keep_alive:
            self.transport.close()


def _serve(sock: socket.socket) -> None:
    from tangkal.campaigns import clicks

    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    server = loop.run_until_complete(loop.create_server(ShortLinkProtocol, sock=sock, backlog=2048))
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    try:
        loop.run_until_complete(stop.wait())
    finally:
        server.close()
        loop.run_until_complete(server.wait_closed())
        loop.close()
        clicks.shutdown()


def run(*, host: str, port: int, workers: int) -> None:
    """Bind once, fork `workers` processes that share the socket; SIGTERM stops them gracefully
    (each writes its buffered clicks before exiting)."""
    from django.db import connections

    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(2048)
    sock.setblocking(False)
    connections.close_all()  # children open their own database connections
    children = []
    for _ in range(max(1, workers)):
        pid = os.fork()
        if pid == 0:
            try:
                _serve(sock)
            finally:
                os._exit(0)
        children.append(pid)
    logger.info("short-link server on %s:%s with %s workers", host, port, len(children))

    def forward(signum, _frame):
        for child in children:
            with contextlib.suppress(ProcessLookupError):
                os.kill(child, signal.SIGTERM)

    signal.signal(signal.SIGTERM, forward)
    signal.signal(signal.SIGINT, forward)
    for child in children:
        while True:
            try:
                os.waitpid(child, 0)
                break
            except InterruptedError:
                continue
            except ChildProcessError:
                break
    sys.stdout.flush()
