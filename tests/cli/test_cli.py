#!/usr/bin/python3
"""End-to-end tests of the `revring` executable.

Everything runs through the real binary: against `revring mock` (HTTPS with
its own CA, and plain HTTP), and against misbehaving_server.py, which drops,
hangs, truncates, and answers 4xx/5xx or garbage. Every invocation is checked
for the API key in its stdout and stderr.

Usage: test_cli.py PATH/TO/revring [unittest args]
"""
import datetime
import json
import os
import pty
import secrets
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
REVRING = os.environ.get("REVRING_EXE", "")
# Distinctive, so a leak anywhere in the output is found by a plain search.
API_KEY = "rk_test_" + secrets.token_hex(12) + "_DO_NOT_PRINT"
AGENT = "3c90c3cc-0d44-4b50-8888-8dd25736052a"
TO = "+15551234567"
FROM = "+15557654321"

outputs_checked = 0


def base_env(with_key=True):
    env = {k: v for k, v in os.environ.items() if not k.startswith("REVRING_")}
    if with_key:
        env["REVRING_API_KEY"] = API_KEY
    return env


def run(*args, with_key=True, env=None, timeout=60):
    """Runs revring; asserts the API key is nowhere in its output."""
    global outputs_checked
    p = subprocess.run([REVRING, *args], capture_output=True, env=env or base_env(with_key),
                       timeout=timeout, stdin=subprocess.DEVNULL)
    for stream in (p.stdout, p.stderr):
        assert API_KEY.encode() not in stream, f"API key leaked by {args}: {stream!r}"
    outputs_checked += 1
    return p


def send_args(*extra):
    return ["calls", "send", "--agent-id", AGENT, "--to", TO, "--from", FROM, *extra]


class Mock:
    """`revring mock` as a child process; waits for its ready line."""

    def __init__(self, *args, key=API_KEY):
        env = base_env(False)
        env["REVRING_MOCK_API_KEY"] = key
        self.stderr = tempfile.TemporaryFile()
        self.proc = subprocess.Popen([REVRING, "mock", "--listen", "127.0.0.1:0", *args], env=env,
                                     stdout=subprocess.PIPE, stderr=self.stderr, stdin=subprocess.DEVNULL)
        line = self.proc.stdout.readline().decode()
        if not line.startswith("listening on "):
            self.proc.kill()
            raise RuntimeError("mock did not start: " + line + self.stderr_text())
        self.ready_line = line
        parts = line.split()
        self.url = parts[2]
        self.ca = parts[3][len("ca="):] if len(parts) > 3 else None

    def stderr_text(self):
        self.stderr.seek(0)
        return self.stderr.read().decode(errors="replace")

    def stop(self, sig=signal.SIGTERM):
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        rc = self.proc.wait(timeout=10)
        err = self.stderr_text()
        assert API_KEY not in err and API_KEY not in self.ready_line, "mock printed the API key"
        return rc, err

    def client_args(self):
        args = ["--base-url", self.url]
        if self.ca:
            args += ["--ca-file", self.ca]
        return args

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self.proc.stdout.close()
        self.stderr.close()


class Misbehaving:
    """misbehaving_server.py as a child process."""

    def __init__(self):
        self.log = tempfile.NamedTemporaryFile(suffix=".jsonl", delete=False).name
        self.proc = subprocess.Popen(["/usr/bin/python3", os.path.join(HERE, "misbehaving_server.py"),
                                      "--log", self.log, "--lifetime", "900"],
                                     stdout=subprocess.PIPE, stdin=subprocess.DEVNULL)
        line = self.proc.stdout.readline().decode().split()
        assert line and line[0] == "ready", line
        self.port = int(line[1].split("=")[1])
        self.silent_port = int(line[2].split("=")[1])

    def url(self, mode):
        return f"http://127.0.0.1:{self.port}/{mode}"

    def requests(self):
        with open(self.log, encoding="utf-8") as f:
            return [json.loads(line) for line in f if line.strip()]

    def clear(self):
        open(self.log, "w").close()

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=10)
        self.proc.stdout.close()
        os.unlink(self.log)


misbehaving = None


def setUpModule():
    global misbehaving
    misbehaving = Misbehaving()


def tearDownModule():
    misbehaving.stop()


def refused_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


# ---------------------------------------------------------------------------


class HelpAndUsage(unittest.TestCase):
    def test_help_at_every_level(self):
        for args in (["--help"], ["-h"], ["calls", "--help"], ["calls", "send", "--help"],
                     ["calls", "get", "--help"], ["calls", "batch-get", "--help"],
                     ["calls", "cancel", "--help"], ["mock", "--help"], ["--help", "calls", "send"],
                     ["calls", "send", "--to", "nonsense", "--help"]):
            p = run(*args, with_key=False)
            self.assertEqual(p.returncode, 0, args)
            self.assertIn(b"Usage:", p.stdout, args)
            self.assertEqual(p.stderr, b"", args)
        send = run("calls", "send", "--help").stdout.decode()
        for flag in ("--agent-id", "--to", "--from", "--var", "--caller-id-name", "--skip-queue", "--dry-run",
                     "--base-url", "--ca-file", "--timeout", "--output", "REVRING_API_KEY"):
            self.assertIn(flag, send)
        for status in ("  0  ", "  2  ", "  3  ", "  4  ", "  5  "):
            self.assertIn(status, send)
        self.assertIn("--listen", run("mock", "--help").stdout.decode())

    def test_version(self):
        p = run("--version")
        self.assertEqual(p.returncode, 0)
        self.assertRegex(p.stdout.decode(), r"^revring \d+\.\d+\.\d+\n$")

    def assert_usage(self, args, *needles, with_key=True):
        p = run(*args, with_key=with_key)
        self.assertEqual(p.returncode, 2, (args, p.stderr))
        self.assertEqual(p.stdout, b"", args)
        err = p.stderr.decode()
        self.assertTrue(err.startswith("revring: "), err)
        for n in needles:
            self.assertIn(n, err, args)
        return err

    def test_bad_usage_exits_2(self):
        self.assert_usage([], "missing command")
        self.assert_usage(["dial"], "unknown command 'dial'")
        self.assert_usage(["calls"], "missing command")
        self.assert_usage(["calls", "send", "--frobnicate"], "unknown option --frobnicate")
        self.assert_usage(["--to", TO, "calls", "send"], "unknown option --to")
        self.assert_usage(["calls", "get"], "CALL_ID")
        self.assert_usage(["calls", "get", "a", "b"], "unexpected argument 'b'")
        self.assert_usage(["calls", "batch-get"], "CALL_ID")
        self.assert_usage(["calls", "cancel"], "CALL_ID")
        self.assert_usage(["calls", "get", AGENT, "--timeout", "soon"], "--timeout")
        self.assert_usage(["calls", "get", AGENT, "--timeout", "0"], "--timeout")
        self.assert_usage(["calls", "get", AGENT, "--output", "xml"], "--output", "json or text")
        self.assert_usage(["calls", "get", AGENT, "--base-url"], "--base-url needs a value")
        self.assert_usage(send_args("--skip-queue=yes"), "--skip-queue takes no value")
        self.assert_usage(send_args("--to", TO), "--to given more than once")
        self.assert_usage(["--base-url", "https://example.invalid", "mock"], "--base-url applies to")
        self.assert_usage(["calls", "--api-key", "x", "send"], "unknown option --api-key")
        err = self.assert_usage(["calls", "get", AGENT, "--help-me"], "unknown option --help-me")
        self.assertIn("Try 'revring calls get --help'", err)

    def test_missing_api_key_exits_2(self):
        err = self.assert_usage(["calls", "get", AGENT, "--base-url", misbehaving.url("ok")], "REVRING_API_KEY",
                                with_key=False)
        self.assertIn("Nothing was sent", err)


class InvalidInput(unittest.TestCase):
    """Exit 2 with the field and the rule named, and nothing sent."""

    def setUp(self):
        misbehaving.clear()

    def tearDown(self):
        self.assertEqual(misbehaving.requests(), [], "an invalid request reached the server")

    def invalid(self, args, *needles):
        p = run(*args, "--base-url", misbehaving.url("ok"))
        self.assertEqual(p.returncode, 2, (args, p.stderr))
        self.assertEqual(p.stdout, b"")
        err = p.stderr.decode()
        for n in needles:
            self.assertIn(n, err, args)
        self.assertIn("Nothing was sent", err)
        return err

    def test_missing_required_options(self):
        self.invalid(["calls", "send", "--to", TO, "--from", FROM], "--agent-id", "agentId", "required")
        self.invalid(["calls", "send", "--agent-id", AGENT, "--from", FROM], "--to", "toNumber", "required")
        self.invalid(["calls", "send", "--agent-id", AGENT, "--to", TO], "--from", "fromNumber", "required")

    def test_numbers_must_be_e164(self):
        for bad in ("5551234567", "+05551234567", "+1555123456789012", "+1 555 123", "", "+1555١٢٣"):
            self.invalid(["calls", "send", "--agent-id", AGENT, "--to", bad, "--from", FROM],
                         "--to", "toNumber", "E164Number", "pattern ^\\+[1-9]\\d{1,14}$")
        self.invalid(["calls", "send", "--agent-id", AGENT, "--to", TO, "--from", "12"],
                     "--from", "fromNumber", "pattern")

    def test_agent_id_must_be_uuid(self):
        for bad in ("agent-1", "3c90c3cc0d444b5088888dd25736052a", "{3c90c3cc-0d44-4b50-8888-8dd25736052a}",
                    "cmonbi0aw004tka0i89jh5gij"):
            self.invalid(["calls", "send", "--agent-id", bad, "--to", TO, "--from", FROM],
                         "--agent-id", "agentId", "format uuid")

    def test_caller_id_name_length_in_code_points(self):
        self.invalid(send_args("--caller-id-name", "A" * 16), "--caller-id-name", "callerIdName", "maxLength 15")
        self.invalid(send_args("--caller-id-name", ""), "--caller-id-name", "callerIdName", "minLength 1")
        self.invalid(send_args("--caller-id-name", "é" * 16), "maxLength 15")

    def test_bad_variables(self):
        self.invalid(send_args("--var", "novalue"), "--var", "NAME=VALUE")
        self.invalid(send_args("--var", "=value"), "--var", "NAME")
        self.invalid(send_args("--var", "a=1", "--var", "a=2"), "--var", "'a'", "more than once")

    def test_invalid_utf8_is_refused(self):
        bad = b"name=\xff\xfe".decode("utf-8", errors="surrogateescape")
        self.invalid(send_args("--var", bad), "variables", "UTF-8")
        self.invalid(send_args("--caller-id-name", b"\xc3(".decode("utf-8", errors="surrogateescape")),
                     "--caller-id-name", "UTF-8")

    def test_call_ids_must_be_uuids(self):
        self.invalid(["calls", "get", "123"], "CALL_ID", "format uuid")
        self.invalid(["calls", "cancel", "../calls"], "CALL_ID", "format uuid")
        self.invalid(["calls", "batch-get", AGENT, "nope"], "CALL_ID", "nope", "format uuid")

    def test_batch_get_at_most_100(self):
        ids = [f"00000000-0000-4000-8000-{i:012d}" for i in range(101)]
        self.invalid(["calls", "batch-get", *ids], "ids", "maxItems 100")


class DryRun(unittest.TestCase):
    def setUp(self):
        misbehaving.clear()

    def dry(self, *extra):
        p = run(*send_args(*extra), "--dry-run", "--base-url", misbehaving.url("ok"), with_key=False)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(p.stderr, b"")
        self.assertEqual(misbehaving.requests(), [], "--dry-run touched the network")
        return p.stdout

    def test_minimal_body_exact_bytes(self):
        self.assertEqual(self.dry(), b'{"agentId":"3c90c3cc-0d44-4b50-8888-8dd25736052a",'
                                     b'"toNumber":"+15551234567","fromNumber":"+15557654321"}\n')

    def test_full_body_exact_bytes_with_unicode(self):
        out = self.dry("--var", "greeting=Grüß dich, \"Ada\" \\ 👋 =;&<>",
                       "--var", "empty=", "--var", "tab=a\tb", "--var", "名前=値",
                       "--caller-id-name", "Zoë Ünïcødé 📞", "--skip-queue")
        expected = ('{"agentId":"3c90c3cc-0d44-4b50-8888-8dd25736052a","toNumber":"+15551234567",'
                    '"fromNumber":"+15557654321","variables":{"greeting":"Grüß dich, \\"Ada\\" \\\\ 👋 =;&<>",'
                    '"empty":"","tab":"a\\tb","名前":"値"},"callerIdName":"Zoë Ünïcødé 📞","skipQueue":true}\n')
        self.assertEqual(out, expected.encode("utf-8"))
        body = json.loads(out)
        self.assertEqual(body["variables"]["greeting"], "Grüß dich, \"Ada\" \\ 👋 =;&<>")

    def test_var_splits_at_first_equals_and_keeps_value_as_string(self):
        body = json.loads(self.dry("--var", "expr=a=b==c", "--var", "n=42", "--var", "flag=true"))
        self.assertEqual(body["variables"], {"expr": "a=b==c", "n": "42", "flag": "true"})

    def test_dry_run_body_is_what_is_sent(self):
        args = send_args("--var", "k=välue ✓", "--caller-id-name", "Acme ☎")
        dry = run(*args, "--dry-run", with_key=False).stdout
        p = run(*args, "--base-url", misbehaving.url("ok"))
        self.assertEqual(p.returncode, 0, p.stderr)
        sent = misbehaving.requests()
        self.assertEqual(len(sent), 1)
        self.assertEqual(sent[0]["body"].encode("utf-8") + b"\n", dry)
        self.assertEqual(sent[0]["method"], "POST")
        self.assertEqual(sent[0]["target"], "/ok/calls")
        self.assertEqual(sent[0]["headers"]["x-api-key"], API_KEY)
        self.assertTrue(sent[0]["headers"]["content-type"].startswith("application/json"))


class AgainstMock(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.mock = Mock("--step-ms", "300")
        cls.args = cls.mock.client_args()

    @classmethod
    def tearDownClass(cls):
        rc, err = cls.mock.stop()
        assert rc == 0, err
        cls.mock.__exit__()

    def call(self, *args, **kw):
        return run(*args, *self.args, **kw)

    def send(self, *extra):
        p = self.call(*send_args(*extra))
        self.assertEqual(p.returncode, 0, p.stderr)
        return json.loads(p.stdout)["data"]

    def test_send_then_poll_until_completed(self):
        rec = self.send("--var", "customer=Ada")
        self.assertEqual(rec["status"], "QUEUED")
        self.assertEqual(rec["toNumber"], TO)
        self.assertEqual(rec["fromNumber"], FROM)
        self.assertEqual(rec["agentId"], AGENT)
        seen = [rec["status"]]
        deadline = time.monotonic() + 20
        while seen[-1] != "COMPLETED" and time.monotonic() < deadline:
            time.sleep(0.05)
            p = self.call("calls", "get", rec["id"])
            self.assertEqual(p.returncode, 0, p.stderr)
            status = json.loads(p.stdout)["data"]["status"]
            if status != seen[-1]:
                seen.append(status)
        # Seen in order, from QUEUED to COMPLETED (a slow machine may miss a
        # state between two polls; the record's timestamps show it happened).
        order = ["QUEUED", "INITIATED", "ONGOING", "COMPLETED"]
        self.assertEqual(seen, sorted(set(seen), key=order.index))
        self.assertEqual((seen[0], seen[-1]), ("QUEUED", "COMPLETED"))
        final = json.loads(self.call("calls", "get", rec["id"]).stdout)["data"]
        self.assertEqual(final["variables"]["customer"], "Ada")
        self.assertEqual(final["hangupCause"], "USER_ENDED")
        t = {k: datetime.datetime.fromisoformat(final[k])
             for k in ("createdAt", "initiatedAt", "startedAt", "endedAt", "updatedAt")}
        self.assertLess(t["createdAt"], t["initiatedAt"])
        self.assertLess(t["initiatedAt"], t["startedAt"])
        self.assertLess(t["startedAt"], t["endedAt"])
        self.assertEqual(t["updatedAt"], t["endedAt"])

    def test_global_options_before_and_after(self):
        rec = self.send()
        before = run("--output", "json", *self.args, "calls", "get", rec["id"])
        after = run("calls", "get", rec["id"], *self.args, "--output=json", "--timeout", "5")
        middle = run("calls", *self.args, "get", rec["id"])
        for p in (before, after, middle):
            self.assertEqual(p.returncode, 0, p.stderr)
            self.assertEqual(json.loads(p.stdout)["data"]["id"], rec["id"])

    def test_unicode_round_trip(self):
        rec = self.send("--var", "greeting=Grüß dich 👋 \"x\"", "--caller-id-name", "Zoë Ünïcødé 📞")
        self.assertEqual(rec["variables"]["greeting"], "Grüß dich 👋 \"x\"")
        self.assertEqual(rec["agentCallerIdName"], "Zoë Ünïcødé 📞")

    def test_batch_get_and_minimal(self):
        a, b = self.send(), self.send("--var", "x=1")
        unknown = "00000000-0000-4000-8000-000000000000"
        p = self.call("calls", "batch-get", b["id"], unknown, a["id"])
        self.assertEqual(p.returncode, 0, p.stderr)
        data = json.loads(p.stdout)["data"]
        self.assertEqual([r["id"] for r in data], [b["id"], a["id"]])
        self.assertIn("variables", data[0])
        p = self.call("calls", "batch-get", b["id"], "--minimal")
        data = json.loads(p.stdout)["data"]
        self.assertEqual(len(data), 1)
        for left_out in ("variables", "transcript", "summary", "metrics"):
            self.assertNotIn(left_out, data[0])

    def test_errors_from_the_api_exit_3(self):
        unknown = "00000000-0000-4000-8000-000000000001"
        p = self.call("calls", "get", unknown)
        self.assertEqual(p.returncode, 3)
        self.assertEqual(p.stdout, b"")
        err = p.stderr.decode()
        self.assertIn("404", err)
        self.assertIn(f"call {unknown} not found", err)

        env = base_env()
        env["REVRING_API_KEY"] = "wrong-" + API_KEY[::-1]
        p = subprocess.run([REVRING, "calls", "get", unknown, *self.args], capture_output=True, env=env)
        self.assertEqual(p.returncode, 3)
        self.assertIn(b"401", p.stderr)
        self.assertIn(b"invalid API key", p.stderr)
        self.assertNotIn(env["REVRING_API_KEY"].encode(), p.stdout + p.stderr)

    def test_text_output(self):
        rec = self.send()
        p = self.call("calls", "get", rec["id"], "--output", "text")
        self.assertEqual(p.returncode, 0, p.stderr)
        text = p.stdout.decode()
        self.assertIn(rec["id"], text)
        self.assertRegex(text, r"status\s+(QUEUED|INITIATED|ONGOING|COMPLETED)")
        self.assertIn(TO, text)
        with self.assertRaises(json.JSONDecodeError):
            json.loads(text)

    def test_default_output_text_on_a_terminal_json_otherwise(self):
        rec = self.send()
        primary, secondary = pty.openpty()
        try:
            p = subprocess.run([REVRING, "calls", "get", rec["id"], *self.args], stdout=secondary,
                               stderr=subprocess.PIPE, env=base_env(), timeout=30)
            os.close(secondary)
            secondary = None
            chunks = []
            while True:
                try:
                    chunk = os.read(primary, 65536)
                except OSError:
                    break
                if not chunk:
                    break
                chunks.append(chunk)
        finally:
            if secondary is not None:
                os.close(secondary)
            os.close(primary)
        self.assertEqual(p.returncode, 0, p.stderr)
        tty_out = b"".join(chunks).decode()
        self.assertNotIn(API_KEY, tty_out)
        self.assertRegex(tty_out, r"status\s+[A-Z]+")
        self.assertFalse(tty_out.lstrip().startswith("{"))
        piped = self.call("calls", "get", rec["id"])
        self.assertTrue(piped.stdout.startswith(b"{\"data\":"))


class Concurrency(unittest.TestCase):
    def test_queue_skip_queue_429_and_cancel(self):
        with Mock("--step-ms", "60000", "--max-concurrent", "1") as mock:
            args = mock.client_args()
            first = run(*send_args("--skip-queue"), *args)
            self.assertEqual(first.returncode, 0, first.stderr)
            first = json.loads(first.stdout)["data"]
            self.assertEqual(first["status"], "INITIATED")

            refused = run(*send_args("--skip-queue"), *args)
            self.assertEqual(refused.returncode, 3)
            self.assertIn(b"429", refused.stderr)
            self.assertIn(b"concurrency limit", refused.stderr)

            queued = run(*send_args(), *args)
            self.assertEqual(queued.returncode, 0)
            queued = json.loads(queued.stdout)["data"]
            self.assertEqual(queued["status"], "QUEUED")

            cancel = run("calls", "cancel", queued["id"], *args)
            self.assertEqual(cancel.returncode, 0, cancel.stderr)
            self.assertEqual(json.loads(cancel.stdout)["data"]["status"], "CANCELED")
            again = run("calls", "cancel", queued["id"], *args)
            self.assertEqual(again.returncode, 3)
            self.assertIn(b"409", again.stderr)
            self.assertIn(b"already ended", again.stderr)

            # Cancelling the running call frees the slot for a skipQueue call.
            self.assertEqual(run("calls", "cancel", first["id"], *args).returncode, 0)
            self.assertEqual(run(*send_args("--skip-queue"), *args).returncode, 0)
            rc, err = mock.stop(signal.SIGINT)
            self.assertEqual(rc, 0, err)
            self.assertIn("stopped", err)


class Unreachable(unittest.TestCase):
    """Exit 4: nothing was sent."""

    def unreachable(self, *args):
        p = run(*args)
        self.assertEqual(p.returncode, 4, p.stderr)
        self.assertEqual(p.stdout, b"")
        self.assertIn(b"Nothing was sent", p.stderr)
        return p.stderr.decode()

    def test_connection_refused(self):
        port = refused_port()
        self.unreachable(*send_args(), "--base-url", f"http://127.0.0.1:{port}/v1")
        self.unreachable("calls", "get", AGENT, "--base-url", f"https://127.0.0.1:{port}/v1")

    def test_tls_verification_failure(self):
        with Mock("--step-ms", "1000") as mock:
            # The mock's certificate is not trusted without its CA: no bypass.
            err = self.unreachable(*send_args(), "--base-url", mock.url)
            self.assertIn("TLS", err)
            rc, log = mock.stop()
            self.assertEqual(rc, 0)
            self.assertNotIn("POST", log)  # no request reached it

    def test_tls_handshake_timeout(self):
        start = time.monotonic()
        self.unreachable(*send_args(), "--base-url", f"https://127.0.0.1:{misbehaving.silent_port}/v1",
                         "--timeout", "1")
        self.assertLess(time.monotonic() - start, 10)

    def test_dns_failure(self):
        self.unreachable("calls", "get", AGENT, "--base-url", "https://no-such-host.invalid/v1", "--timeout", "5")


class ApiErrors(unittest.TestCase):
    """Exit 3: the status and the server's message on stderr."""

    def setUp(self):
        misbehaving.clear()

    def api_error(self, mode, status, message):
        misbehaving.clear()
        p = run(*send_args(), "--base-url", misbehaving.url(mode))
        self.assertEqual(p.returncode, 3, p.stderr)
        self.assertEqual(p.stdout, b"")
        err = p.stderr.decode()
        self.assertIn(str(status), err)
        self.assertIn(message, err)
        self.assertEqual(len(misbehaving.requests()), 1, "revring retried")

    def test_5xx(self):
        self.api_error("status500", 500, "database unavailable")
        self.api_error("status503", 503, "upstream overloaded")

    def test_429(self):
        self.api_error("status429", 429, "concurrency limit reached")

    def test_404_on_get(self):
        p = run("calls", "get", AGENT, "--base-url", misbehaving.url("status404"))
        self.assertEqual(p.returncode, 3)
        self.assertIn(b"call not found", p.stderr)


class OutcomeUnknown(unittest.TestCase):
    """Exit 5: sent, no complete valid answer, never retried."""

    def setUp(self):
        misbehaving.clear()

    def unknown(self, mode, *args):
        start = time.monotonic()
        p = run(*send_args(), "--base-url", misbehaving.url(mode), "--timeout", "2", *args)
        self.assertEqual(p.returncode, 5, (mode, p.stderr))
        self.assertEqual(p.stdout, b"")
        self.assertIn(b"may have been placed", p.stderr)
        self.assertLess(time.monotonic() - start, 15)
        self.assertEqual(len(misbehaving.requests()), 1, f"{mode}: the send was retried")

    def test_drop(self):
        self.unknown("drop")

    def test_hang(self):
        self.unknown("hang")

    def test_truncated(self):
        self.unknown("truncate")

    def test_oversize(self):
        self.unknown("oversize")

    def test_malformed(self):
        self.unknown("malformed")

    def test_wrong_shape(self):
        self.unknown("wrongshape")

    def test_get_is_not_retried_either(self):
        p = run("calls", "get", AGENT, "--base-url", misbehaving.url("drop"), "--timeout", "2")
        self.assertEqual(p.returncode, 5)
        self.assertNotIn(b"may have been placed", p.stderr)
        self.assertEqual(len(misbehaving.requests()), 1)


class MockServer(unittest.TestCase):
    """The mock's own behaviour, seen by a client other than revring."""

    def request(self, mock, method, path, body=None, key=API_KEY, content_type="application/json"):
        headers = {}
        if key is not None:
            headers["x-api-key"] = key
        if content_type and body is not None:
            headers["content-type"] = content_type
        req = urllib.request.Request(mock.url + path, data=body, method=method, headers=headers)
        ctx = ssl.create_default_context(cafile=mock.ca) if mock.ca else None
        try:
            with urllib.request.urlopen(req, context=ctx, timeout=10) as r:
                return r.status, json.loads(r.read())
        except urllib.error.HTTPError as e:
            self.assertEqual(e.headers["content-type"], "application/json")
            return e.code, json.loads(e.read())

    def test_https_with_its_own_ca(self):
        with Mock() as mock:
            self.assertTrue(mock.url.startswith("https://127.0.0.1:"))
            self.assertTrue(mock.url.endswith("/v1"))
            port = int(mock.url.split(":")[2].split("/")[0])
            self.assertGreater(port, 0)
            self.assertTrue(os.path.isfile(mock.ca))
            with open(mock.ca) as f:
                self.assertIn("BEGIN CERTIFICATE", f.read())
            status, body = self.request(mock, "GET", "/calls/" + AGENT)
            self.assertEqual((status, body["statusCode"]), (404, 404))
            rc, _ = mock.stop()
            self.assertEqual(rc, 0)
            self.assertFalse(os.path.exists(mock.ca), "the CA file outlived the mock")

    def test_auth_routes_and_validation(self):
        with Mock("--http") as mock:
            self.assertTrue(mock.url.startswith("http://127.0.0.1:"))
            self.assertIsNone(mock.ca)
            good = json.dumps({"agentId": AGENT, "toNumber": TO, "fromNumber": FROM}).encode()
            self.assertEqual(self.request(mock, "POST", "/calls", good, key=None)[0], 401)
            status, body = self.request(mock, "POST", "/calls", good, key="nope")
            self.assertEqual((status, body["message"]), (401, "invalid API key"))
            self.assertEqual(self.request(mock, "GET", "/nowhere")[0], 404)
            self.assertEqual(self.request(mock, "DELETE", "/calls/" + AGENT)[0], 405)
            self.assertEqual(self.request(mock, "POST", "/calls", b"{not json")[0], 400)
            self.assertEqual(self.request(mock, "POST", "/calls", good, content_type="text/plain")[0], 415)
            status, body = self.request(mock, "POST", "/calls",
                                        json.dumps({"agentId": AGENT, "toNumber": "555", "fromNumber": FROM}).encode())
            self.assertEqual(status, 422)
            self.assertEqual(body["pointer"], "/toNumber")
            self.assertIn("pattern", body["message"])
            status, body = self.request(mock, "POST", "/calls",
                                        json.dumps({"agentId": AGENT, "fromNumber": FROM}).encode())
            self.assertEqual((status, body["pointer"]), (422, "/toNumber"))
            status, body = self.request(mock, "POST", "/calls/batch-get", json.dumps({"ids": []}).encode())
            self.assertEqual(status, 422)
            self.assertIn("minItems", body["message"])
            self.assertEqual(self.request(mock, "GET", "/calls/not-a-uuid")[0], 422)
            self.assertEqual(self.request(mock, "GET", "/calls/urn:uuid:" + AGENT)[0], 422)
            status, body = self.request(mock, "POST", f"/calls/{AGENT}/cancel", b"{}")
            self.assertEqual((status, body["message"]), (415, "this operation takes no request body"))
            self.assertEqual(self.request(mock, "GET", "/calls/batch-get")[0], 405)
            status, body = self.request(mock, "POST", "/calls", good)
            self.assertEqual(status, 200)
            self.assertEqual(body["data"]["status"], "QUEUED")
            self.assertEqual(mock.stop()[0], 0)

    def test_bad_mock_usage(self):
        p = run("mock", "--listen", "nowhere", with_key=False)
        self.assertEqual(p.returncode, 2)
        p = run("mock", "--step-ms", "0", with_key=False)
        self.assertEqual(p.returncode, 2)
        env = base_env(False)
        p = subprocess.run([REVRING, "mock"], capture_output=True, env=env, timeout=10)
        self.assertEqual(p.returncode, 2)
        self.assertIn(b"API key", p.stderr)


class ZzKeyNeverPrinted(unittest.TestCase):
    def test_outputs_were_checked(self):
        # run() asserted on every output; make sure that actually happened.
        self.assertGreater(outputs_checked, 50)


if __name__ == "__main__":
    if len(sys.argv) > 1 and not sys.argv[1].startswith("-"):
        REVRING = os.path.abspath(sys.argv.pop(1))
    if not REVRING or not os.access(REVRING, os.X_OK):
        sys.exit("usage: test_cli.py PATH/TO/revring")
    unittest.main(verbosity=2)
