#!/usr/bin/python3
"""A loopback HTTP server that misbehaves on purpose, for the CLI tests.

The first path segment of the request target picks the behaviour, so one
server covers every case through the base URL, e.g.
`--base-url http://127.0.0.1:PORT/drop` sends `POST /drop/calls`:

  ok          200 with a valid Send/Get/Cancel/Batch Get body
  drop        read the request, close without answering
  hang        read the request, never answer (until the client goes away)
  truncate    200 with Content-Length 1000 but 20 bytes of body, then close
  oversize    200 announcing a 100 MB body, send a little, then wait
  malformed   200 with a body that is not JSON
  wrongshape  200 with JSON that does not match the description
  status500   500 with a JSON error body
  status503   503 with a plain-text body
  status429   429 with a JSON error body
  status404   404 with a JSON error body

Every request is appended to the log file as one JSON line (method, target,
headers, body) so tests can check what was sent, byte for byte, and how often.

A second port ("silent") accepts TCP connections and never says anything: a
TLS client times out in the handshake, before any request byte is written.

Prints "ready http=PORT silent=PORT" when listening. Stops on SIGTERM/SIGINT
or after --lifetime seconds.
"""
import argparse
import json
import signal
import socket
import sys
import threading
import time

CALL_ID = "6f1c2a4e-5b6d-4e7f-8a9b-0c1d2e3f4a5b"
AGENT_ID = "3f1c2a4e-5b6d-4e7f-8a9b-0c1d2e3f4a5b"
RECORD = {
    "id": CALL_ID,
    "organizationId": "org_test",
    "direction": "OUTBOUND",
    "status": "QUEUED",
    "fromNumber": "+15557654321",
    "toNumber": "+15551234567",
    "createdAt": "2026-01-02T03:04:05Z",
    "agentId": AGENT_ID,
    "sipTrunkId": None,
    "durationSeconds": None,
}


class Server:
    def __init__(self, log_path, lifetime):
        self.log_path = log_path
        self.log_lock = threading.Lock()
        self.deadline = time.monotonic() + lifetime
        self.stopping = threading.Event()
        self.http = self._listen()
        self.silent = self._listen()
        self.held = []  # silent connections, kept open

    @staticmethod
    def _listen():
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("127.0.0.1", 0))
        s.listen(64)
        s.settimeout(0.2)
        return s

    def log(self, entry):
        with self.log_lock, open(self.log_path, "a", encoding="utf-8") as f:
            f.write(json.dumps(entry) + "\n")

    def serve(self):
        threading.Thread(target=self._accept_silent, daemon=True).start()
        while not self.stopping.is_set() and time.monotonic() < self.deadline:
            try:
                conn, _ = self.http.accept()
            except socket.timeout:
                continue
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _accept_silent(self):
        while not self.stopping.is_set():
            try:
                conn, _ = self.silent.accept()
            except socket.timeout:
                continue
            self.held.append(conn)

    @staticmethod
    def _read_request(conn):
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = conn.recv(65536)
            if not chunk:
                return None
            data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        method, target, _ = lines[0].split(" ", 2)
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers.setdefault(name.strip().lower(), value.strip())
        length = int(headers.get("content-length", "0"))
        while len(body) < length:
            chunk = conn.recv(65536)
            if not chunk:
                return None
            body += chunk
        return method, target, headers, body

    @staticmethod
    def _respond(conn, status, reason, body, content_type="application/json"):
        payload = body.encode("utf-8") if isinstance(body, str) else body
        head = (f"HTTP/1.1 {status} {reason}\r\nContent-Type: {content_type}\r\n"
                f"Content-Length: {len(payload)}\r\nConnection: close\r\n\r\n")
        conn.sendall(head.encode("latin-1") + payload)

    def _wait_for_client_to_leave(self, conn):
        conn.settimeout(0.2)
        while not self.stopping.is_set() and time.monotonic() < self.deadline:
            try:
                if conn.recv(1) == b"":
                    return
            except socket.timeout:
                continue
            except OSError:
                return

    def _handle(self, conn):
        try:
            req = self._read_request(conn)
            if req is None:
                return
            method, target, headers, body = req
            self.log({"method": method, "target": target, "headers": headers,
                      "body": body.decode("utf-8", errors="surrogateescape")})
            mode = target.lstrip("/").split("/", 1)[0]
            if mode == "ok":
                if target.endswith("/batch-get"):
                    payload = {"data": [RECORD]}
                else:
                    payload = {"data": RECORD}
                self._respond(conn, 200, "OK", json.dumps(payload))
            elif mode == "drop":
                pass
            elif mode == "hang":
                self._wait_for_client_to_leave(conn)
            elif mode == "truncate":
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                             b"Content-Length: 1000\r\n\r\n{\"data\":{\"id\":\"6f1c")
            elif mode == "oversize":
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                             b"Content-Length: 100000000\r\n\r\n{\"data\":")
                self._wait_for_client_to_leave(conn)
            elif mode == "malformed":
                self._respond(conn, 200, "OK", "<html>not json</html>", "text/html")
            elif mode == "wrongshape":
                self._respond(conn, 200, "OK", json.dumps({"data": {"id": "not-a-uuid"}}))
            elif mode == "status500":
                self._respond(conn, 500, "Internal Server Error",
                              json.dumps({"message": "database unavailable"}))
            elif mode == "status503":
                self._respond(conn, 503, "Service Unavailable", "upstream overloaded", "text/plain")
            elif mode == "status429":
                self._respond(conn, 429, "Too Many Requests",
                              json.dumps({"message": "concurrency limit reached"}))
            elif mode == "status404":
                self._respond(conn, 404, "Not Found", json.dumps({"message": "call not found"}))
            else:
                self._respond(conn, 404, "Not Found", json.dumps({"message": "unknown mode " + mode}))
        except OSError:
            pass
        finally:
            try:
                conn.close()
            except OSError:
                pass


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--log", required=True)
    ap.add_argument("--lifetime", type=float, default=600)
    args = ap.parse_args()
    server = Server(args.log, args.lifetime)
    signal.signal(signal.SIGTERM, lambda *_: server.stopping.set())
    signal.signal(signal.SIGINT, lambda *_: server.stopping.set())
    print(f"ready http={server.http.getsockname()[1]} silent={server.silent.getsockname()[1]}", flush=True)
    server.serve()
    return 0


if __name__ == "__main__":
    sys.exit(main())
