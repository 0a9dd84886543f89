"""Local HTTP servers that stand in for providers outside the machine (email, SMS), at the HTTP boundary."""

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class RecordedRequest:
    path: str
    headers: dict
    body: bytes

    def json(self):
        return json.loads(self.body)


@dataclass
class FakeProvider:
    """Answers each POST with the next queued response (status, JSON body), then with ``default``."""

    default: tuple[int, dict] = (200, {})
    responses: list[tuple[int, dict]] = field(default_factory=list)
    delay_seconds: float = 0.0
    requests: list[RecordedRequest] = field(default_factory=list)
    url: str = ""

    def next_response(self) -> tuple[int, dict]:
        return self.responses.pop(0) if self.responses else self.default


def fake_provider_server(provider: FakeProvider):
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - the name http.server calls
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            provider.requests.append(RecordedRequest(self.path, dict(self.headers), body))
            if provider.delay_seconds:
                time.sleep(provider.delay_seconds)
            status, payload = provider.next_response()
            encoded = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(encoded)))
            self.end_headers()
            self.wfile.write(encoded)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    provider.url = f"http://127.0.0.1:{server.server_address[1]}/"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server
