"""End to end, peer: the Python route, requests.Session (urllib3 keep-alive).

    /usr/bin/python3 bench/peers/python_requests.py --port P --ca CA [--requests N] [--warmup W]

Per request: session.post(json=body), response.json(), and the documented
members copied into a plain dict the way an application would read them.
Prints one JSON line like the C++ clients (bench/common/bench.hpp), with the
same digest walk over the parsed record.
"""
import argparse
import json
import math
import resource
import ssl
import struct
import sys
import time

import requests

MEMBERS = [
    "id", "organizationId", "direction", "status", "fromNumber", "toNumber", "initiatedAt", "createdAt",
    "updatedAt", "agentId", "sipTrunkId", "agentCallerIdName", "agentName", "variables", "recordingUrl",
    "hangupCause", "errorMessage", "transcript", "summary", "metrics", "startedAt", "endedAt",
    "durationSeconds", "postCallWebhookStatus", "preCallWebhookStatus",
]


class Digest:
    """FNV-1a 64 over the canonical walk described in bench/common/bench.hpp."""

    def __init__(self):
        self.h = 14695981039346656037

    def bytes(self, b):
        h = self.h
        for c in b:
            h ^= c
            h = (h * 1099511628211) & 0xFFFFFFFFFFFFFFFF
        self.h = h

    def tag(self, c):
        self.bytes(c.encode())

    def u64(self, v):
        self.bytes(struct.pack("<Q", v))

    def member(self, name):
        b = name.encode()
        self.tag("k")
        self.u64(len(b))
        self.bytes(b)

    def value(self, v):
        if v is None:
            self.tag("n")
        elif isinstance(v, bool):
            self.tag("t" if v else "f")
        elif isinstance(v, int):
            self.tag("i")
            self.bytes(str(v).encode())
        elif isinstance(v, float):
            self.tag("d")
            # llround: half away from zero
            x = v * 1e6
            r = math.floor(abs(x) + 0.5)
            self.bytes(str(int(math.copysign(r, x))).encode())
        elif isinstance(v, str):
            b = v.encode()
            self.tag("s")
            self.u64(len(b))
            self.bytes(b)
        elif isinstance(v, list):
            self.tag("a")
            self.u64(len(v))
            for e in v:
                self.value(e)
        elif isinstance(v, dict):
            self.tag("o")
            self.u64(len(v))
            for k in sorted(v, key=lambda s: s.encode()):
                self.value(k)
                self.value(v[k])
        else:
            raise TypeError(type(v))

    def hex(self):
        return "%016x" % self.h


def read_record(data):
    """What an application does with the response: the documented members."""
    rec = {"id": data["id"]}
    for m in MEMBERS[1:]:
        rec[m] = data.get(m)
    return rec


def digest_of(rec):
    d = Digest()
    for m in MEMBERS:
        d.member(m)
        d.value(rec.get(m))
    return d.hex()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--ca", required=True)
    ap.add_argument("--requests", type=int, default=20000)
    ap.add_argument("--warmup", type=int, default=500)
    a = ap.parse_args()

    url = f"https://{a.host}:{a.port}/v1/calls"
    s = requests.Session()
    # verify= on each call: a session's `verify` loses to REQUESTS_CA_BUNDLE /
    # CURL_CA_BUNDLE in the environment (requests' merge_environment_settings).
    s.headers.update({"x-api-key": "rk_bench_0123456789abcdef", "Accept": "application/json",
                      "User-Agent": "bench-python-requests"})

    def send_call():
        body = {"agentId": "7d1f4b2a-5e6c-4a8b-9f0e-1a2b3c4d5e6f", "toNumber": "+15551234567",
                "fromNumber": "+15557654321",
                "variables": {"customerName": "Ada Lovelace", "appointmentTime": "Tuesday, March 18 at 3:00 PM"},
                "callerIdName": "Acme Dental", "skipQueue": False}
        r = s.post(url, json=body, timeout=10, verify=a.ca)
        r.raise_for_status()
        return read_record(r.json()["data"])

    for _ in range(a.warmup):
        send_call()
    errors = 0
    last = None
    ru0 = resource.getrusage(resource.RUSAGE_SELF)
    t0 = time.perf_counter()
    for i in range(a.requests):
        try:
            rec = send_call()
            if i == a.requests - 1:
                last = rec
        except Exception as e:  # noqa: BLE001 - counted and reported
            if errors == 0:
                print(f"first error: {e}", file=sys.stderr)
            errors += 1
    wall = time.perf_counter() - t0
    ru1 = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (ru1.ru_utime - ru0.ru_utime) + (ru1.ru_stime - ru0.ru_stime)
    out = {
        "peer": "python-requests", "mode": "sync", "inflight": 1, "connections": 1,
        "requests": a.requests, "warmup": a.warmup, "wall_s": wall, "cpu_s": cpu,
        "rps": a.requests / wall, "cpu_us_per_request": cpu * 1e6 / a.requests,
        "user_us_per_request": (ru1.ru_utime - ru0.ru_utime) * 1e6 / a.requests,
        "peak_rss_kib": ru1.ru_maxrss, "errors": errors,
        "digest": digest_of(last) if last else "none",
        "python": sys.version.split()[0], "requests_version": requests.__version__,
        "openssl": ssl.OPENSSL_VERSION,
    }
    print(json.dumps(out), flush=True)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
