"""A local stand-in of the Telegram Bot API for tests and the load run: a real HTTP server on
127.0.0.1 that records every call and serves files for getFile."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class FakeBotAPI:
    def __init__(self, token: str = "123:TEST"):  # noqa: S107 - a stand-in, not a secret
        self.token = token
        self.calls: list[tuple[str, dict]] = []
        self.files: dict[str, bytes] = {}
        self.fail_methods: set[str] = set()
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep test output quiet
                pass

            def do_POST(self):  # noqa: N802 - http.server's naming
                length = int(self.headers.get("Content-Length", 0))
                body = json.loads(self.rfile.read(length) or b"{}")
                prefix = f"/bot{stand_in.token}/"
                if not self.path.startswith(prefix):
                    return self._json(401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
                method = self.path[len(prefix):]
                stand_in.calls.append((method, body))
                if method in stand_in.fail_methods:
                    return self._json(400, {"ok": False, "error_code": 400, "description": "Bad Request: chat not found"})
                if method == "getFile":
                    file_id = body.get("file_id", "")
                    if file_id not in stand_in.files:
                        return self._json(400, {"ok": False, "description": "Bad Request: invalid file_id"})
                    return self._json(200, {"ok": True, "result": {"file_id": file_id, "file_path": f"photos/{file_id}.jpg",
                                                                   "file_size": len(stand_in.files[file_id])}})
                if method == "sendMessage":
                    return self._json(200, {"ok": True, "result": {"message_id": len(stand_in.calls),
                                                                   "chat": {"id": body.get("chat_id")},
                                                                   "text": body.get("text")}})
                return self._json(200, {"ok": True, "result": True})

            def do_GET(self):  # noqa: N802
                prefix = f"/file/bot{stand_in.token}/photos/"
                if self.path.startswith(prefix):
                    file_id = self.path[len(prefix):].removesuffix(".jpg")
                    if file_id in stand_in.files:
                        data = stand_in.files[file_id]
                        self.send_response(200)
                        self.send_header("Content-Length", str(len(data)))
                        self.end_headers()
                        self.wfile.write(data)
                        return
                self.send_response(404)
                self.end_headers()

            def _json(self, status: int, payload: dict):
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base_url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FakeBotAPI:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    def sent_messages(self) -> list[dict]:
        return [body for method, body in self.calls if method == "sendMessage"]
