"""A local stand-in for an email provider's HTTP API (Postmark's shape) that counts what it receives.

    python bench/http_sink.py --port 8025

POST /email answers like Postmark; GET /stats returns {"requests": N, "unique": M}, where ``unique`` counts
distinct ``X-Postpurchase-Message`` header values, so that a benchmark can check "exactly once".
"""

import argparse
import json
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

lock = threading.Lock()
seen: set[str] = set()
counts = {"requests": 0}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body are separate writes: without TCP_NODELAY, Nagle's algorithm and the client's delayed
    # ACK add about 40 ms to every keep-alive response, and the benchmark would measure the sink.
    disable_nagle_algorithm = True

    def do_POST(self):  # noqa: N802
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
        message_key = next(
            (h["Value"] for h in body.get("Headers", []) if h.get("Name") == "X-Postpurchase-Message"), ""
        )
        with lock:
            counts["requests"] += 1
            seen.add(message_key)
        self._json(
            200, {"To": body.get("To", ""), "MessageID": str(uuid.uuid4()), "ErrorCode": 0, "Message": "OK"}
        )

    def do_GET(self):  # noqa: N802
        with lock:
            self._json(200, {"requests": counts["requests"], "unique": len(seen)})

    def _json(self, status, payload):
        encoded = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(encoded)))
        self.end_headers()
        self.wfile.write(encoded)

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    ThreadingHTTPServer.daemon_threads = True
    ThreadingHTTPServer.request_queue_size = 1024
    ThreadingHTTPServer(("127.0.0.1", args.port), Handler).serve_forever()
