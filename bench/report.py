"""revring-cpp benchmark kit: renders bench/RESULTS.md from raw run files.

    /usr/bin/python3 bench/report.py OUT.md ANALYSIS.md RUN.json [RUN.json ...]

(bench/driver.py calls `render` after each run, newest run first.)
"""
import json
import sys

REVRING_SYNC = "revring sync"
CURL = "libcurl + nlohmann::json"
FLOOR = "openssl-floor"
# The floor plus the two system calls revring's blocking path makes that the
# floor does not (bench/e2e/openssl_floor.cpp, --mode probe-poll; the rows
# with one of them are --mode probe and --mode poll).
FLOOR_PROBE_POLL = "openssl-floor + liveness probe and poll"
# The floor that also parses each body with simdjson on-demand, the parse
# floor of the micro benchmarks (--mode parse-simdjson): the least a client
# that reads the record can spend.
FLOOR_PARSE = "openssl-floor + simdjson on-demand parse"
# revring sync's requests through the same client, the body not decoded
# (bench/e2e/revring_client.cpp --mode sync-raw): the transport alone.
REVRING_RAW = "reference: revring sync, response not decoded (the transport alone)"
# Issue 5's compile-time targets: "The same program with nlohmann + libcurl
# takes about 4.0 s here" (the TU that sends a call).
ISSUE_PEER_SEND_S = 4.0


def fmt(x, nd=1):
    if x is None:
        return "n/a"
    if isinstance(x, float):
        return f"{x:,.{nd}f}"
    return f"{x:,}" if isinstance(x, int) else str(x)


def by_label(rows):
    return {r["label"]: r for r in rows}


def micro_ns(run, name):
    """CPU time per operation (ns): on a shared machine the wall time also
    counts the time other processes held the core."""
    for m in run.get("micro", []):
        if m["name"] == name:
            return m["cpu_ns"]
    return None


def micro_ir(run, name):
    for m in run.get("micro_instructions", []):
        if m["name"] == name:
            return m["ir"]
    return None


def compile_row(run, key):
    for c in run.get("compile", []):
        if c.get("key") == key:
            return c
    return None


def alloc_figure(run, what):
    for a in run.get("allocs", []):
        if a["what"].startswith(what):
            return a
    return None


def targets(run):
    """[(target, measured text, verdict)] for the issue's targets."""
    e = by_label(run.get("e2e", []))
    out = []

    def verdict(ok):
        return "met" if ok else "**missed**"

    s, c, f = e.get(REVRING_SYNC), e.get(CURL), e.get(FLOOR)
    if s and c and "rps" in s and "rps" in c:
        ratio = s["rps"] / c["rps"]
        out.append(("End to end: req/s >= 1.45x libcurl + nlohmann",
                    f"{ratio:.2f}x ({s['rps']:,.0f} vs {c['rps']:,.0f} req/s; client CPU per request "
                    f"{c['cpu_us_per_request'] / s['cpu_us_per_request']:.2f}x lower)", verdict(ratio >= 1.45)))
    ir = by_label(run.get("e2e_instructions", []))
    if ir.get(REVRING_SYNC, {}).get("ir_per_request") and ir.get(FLOOR, {}).get("ir_per_request"):
        a_, b_ = ir[REVRING_SYNC]["ir_per_request"], ir[FLOOR]["ir_per_request"]
        out.append(("(context) user-space instructions per request, revring sync vs floor",
                    f"{a_ / b_:.1f}x ({a_:,} vs {b_:,})", "reported"))
    if s and f and "cpu_us_per_request" in s and "cpu_us_per_request" in f:
        ratio = s["cpu_us_per_request"] / f["cpu_us_per_request"]
        split = ""
        if "user_us_per_request" in s and "user_us_per_request" in f:
            su, fu = s["user_us_per_request"], f["user_us_per_request"]
            split = (f"; user space {su:.1f} vs {fu:.1f}, kernel {s['cpu_us_per_request'] - su:.1f} "
                     f"vs {f['cpu_us_per_request'] - fu:.1f}")
        out.append(("End to end: client CPU/request <= 1.3x raw OpenSSL floor",
                    f"{ratio:.2f}x ({s['cpu_us_per_request']:.1f} vs {f['cpu_us_per_request']:.1f} us{split})",
                    verdict(ratio <= 1.3)))
    fp = e.get(FLOOR_PROBE_POLL)
    if s and f and fp and "cpu_us_per_request" in fp:
        out.append(("(context) client CPU/request of the floor with revring's liveness probe and poll added",
                    f"{fp['cpu_us_per_request'] / f['cpu_us_per_request']:.2f}x the floor "
                    f"({fp['cpu_us_per_request']:.1f} vs {f['cpu_us_per_request']:.1f} us); revring sync "
                    f"{s['cpu_us_per_request'] / fp['cpu_us_per_request']:.2f}x it", "reported"))
    fs, rr = e.get(FLOOR_PARSE), e.get(REVRING_RAW)
    if s and f and fs and "cpu_us_per_request" in fs:
        out.append(("(context) client CPU/request of the floor that also parses each record with simdjson on-demand",
                    f"{fs['cpu_us_per_request'] / f['cpu_us_per_request']:.2f}x the floor "
                    f"({fs['cpu_us_per_request']:.1f} vs {f['cpu_us_per_request']:.1f} us); revring sync "
                    f"{s['cpu_us_per_request'] / fs['cpu_us_per_request']:.2f}x it", "reported"))
    if s and f and rr and "cpu_us_per_request" in rr:
        out.append(("(context) client CPU/request of revring's transport alone (sync, response not decoded)",
                    f"{rr['cpu_us_per_request'] / f['cpu_us_per_request']:.2f}x the floor "
                    f"({rr['cpu_us_per_request']:.1f} vs {f['cpu_us_per_request']:.1f} us); revring sync "
                    f"{s['cpu_us_per_request'] / rr['cpu_us_per_request']:.2f}x it", "reported"))
    p, sj = micro_ns(run, "BM_parse_revring"), micro_ns(run, "BM_parse_simdjson_ondemand")
    if p and sj:
        pi, si = micro_ir(run, "BM_parse_revring"), micro_ir(run, "BM_parse_simdjson_ondemand")
        extra = f"; instructions {pi / si:.2f}x ({pi:,} vs {si:,})" if pi and si else ""
        out.append(("Parse: <= 2x simdjson on-demand", f"{p / sj:.2f}x ({p / 1000:.2f} vs {sj / 1000:.2f} us CPU{extra})",
                    verdict(p / sj <= 2)))
    r, h = micro_ns(run, "BM_serialize_revring/vars:0"), micro_ns(run, "BM_serialize_handwritten/vars:0")
    if r and h:
        ri, hi = micro_ir(run, "BM_serialize_revring/vars:0"), micro_ir(run, "BM_serialize_handwritten/vars:0")
        extra = f"; instructions {ri / hi:.2f}x ({ri:,} vs {hi:,})" if ri and hi else ""
        out.append(("Serialize (build + to_json): <= 1.3x hand-written",
                    f"{r / h:.2f}x ({r:.0f} vs {h:.0f} ns CPU{extra})", verdict(r / h <= 1.3)))
    a = alloc_figure(run, "construct SendCallRequest (no variables)")
    if a:
        out.append(("Allocations: constructing a SendCallRequest = 0", f"{a['news']:g} (operator new)",
                    verdict(a["news"] == 0)))
    ar = by_label(run.get("alloc_runs", []))
    for label in (REVRING_SYNC, "revring async, 64 in flight, 8 connections"):
        x = ar.get(label + " (counting allocations)")
        if x and "news_per_request_first_half" in x:
            a1, a2 = x["news_per_request_first_half"], x["news_per_request_second_half"]
            out.append((f"Allocations per round trip: fixed, not growing ({label})",
                        f"{a1:.1f} then {a2:.1f} operator new per request (first / second half)",
                        verdict(a2 <= a1 + 0.5)))
    # The issue gives the compile targets in seconds on its machine, where the
    # libcurl + nlohmann program that sends a call takes about 4.0 s. This VM's
    # speed moves by 2x from one day to the next, so a figure is judged scaled
    # by that peer measured in the same run (a ratio, as the other targets are);
    # the seconds measured are shown beside it.
    peer = compile_row(run, "peer_curl_nlohmann_send")
    scale = ISSUE_PEER_SEND_S / peer["cpu_s"] if peer and peer.get("cpu_s") else None
    for key, target, limit in (
            ("build_request", "Compile: TU that builds a request <= 1.5 s", 1.5),
            ("serialize_request",
             "Compile: TU that builds and serializes a request (the nlohmann peer's program) <= 1.5 s", 1.5),
            ("send_separate", "Compile: TU that sends a call, separate compilation <= 2.5 s", 2.5),
            ("blocking_send_separate",
             "Compile: TU that sends a call with <revring/blocking_client.hpp>, separate compilation <= 2.5 s", 2.5)):
        b = compile_row(run, key)
        if not b or "cpu_s" not in b:
            continue
        measured = f"{b['cpu_s']:.2f} s CPU ({b['wall_s']:.2f} s wall)"
        if scale is None:
            out.append((target, measured, verdict(b["cpu_s"] <= limit)))
            continue
        scaled = b["cpu_s"] * scale
        out.append((target, f"{scaled:.2f} s at the issue's machine speed ({b['cpu_s'] / peer['cpu_s']:.2f}x the "
                            f"libcurl + nlohmann send TU, {ISSUE_PEER_SEND_S:.1f} s there); measured {measured}, "
                            f"that peer {peer['cpu_s']:.2f} s", verdict(scaled <= limit)))
    a64 = e.get("revring async, 64 in flight, 8 connections")
    if a64 and s and "cpu_us_per_request" in a64:
        out.append(("Scale: async, 64 in flight, CPU/request <= sync",
                    f"{a64['cpu_us_per_request']:.1f} vs {s['cpu_us_per_request']:.1f} us",
                    verdict(a64["cpu_us_per_request"] <= s["cpu_us_per_request"])))
    a1 = e.get("revring async, 1 in flight")
    for label in ("revring async, 64 in flight, 8 connections", "revring async, 64 in flight, 64 connections"):
        x = e.get(label)
        if x and a1 and x.get("heap_middle_kib", -1) >= 0 and a1.get("heap_middle_kib", -1) >= 0:
            per = (x["heap_middle_kib"] - a1["heap_middle_kib"]) / 63
            out.append((f"Scale: memory per in-flight request ({label.split(', ', 1)[1]})",
                        f"{per:.1f} KiB (heap in use half-way: {x['heap_middle_kib']:,} KiB vs "
                        f"{a1['heap_middle_kib']:,} KiB at 1 in flight)", "reported"))
    return out


def render_run(run, md):
    m = run["machine"]
    w = md.append
    w(f"### Run of {run['started']}{' (quick smoke run)' if run.get('quick') else ''}\n")
    w(f"- Machine: {m['nproc']} cores, {m['cpu']}, {m['memory_gib']} GiB, kernel {m['kernel']}, {m['os']}")
    busy = float(str(run["load_before"]).split()[0]) > 1.5
    w(f"- Load average (1, 5, 15 min): {run['load_before']} before, {run['load_after']} after "
      + ("(the machine is shared: other builds were running)" if busy else
         "(a quiet machine: the benchmark's own processes make about 1)"))
    w(f"- Commit: {m['commit']}; finished {run['finished']}")
    w("- Versions: " + "; ".join(f"{k} {v}" for k, v in m["versions"].items()))
    w("")

    e2e = run.get("e2e", [])
    if e2e:
        n = e2e[0].get("requests")
        w(f"#### End to end: {fmt(n)} POST /v1/calls after {fmt(e2e[0].get('warmup'))} warm-up requests, "
          f"{run['body_bytes']} byte response, TLS 1.3, nginx (1 worker) on 127.0.0.1\n")
        def other_rounds(r):
            # runs up to 2026-11-28 01:38 kept one other round, later runs a list
            return r.get("other_rounds") or ([r["other_round"]] if r.get("other_round") else [])

        rounds = max((1 + len(other_rounds(r)) for r in e2e), default=1)
        if rounds > 1:
            w(f"Each C++ client ran {'twice' if rounds == 2 else f'{rounds} times'}, the rows one after the other in "
              "each round; a row shows the round with the lowest client CPU per request (the other rounds' req/s "
              "and CPU are in the last column). The Python peer ran once.\n")
        curl = by_label(e2e).get(CURL, {})
        floor = by_label(e2e).get(FLOOR, {})
        w("| client | req/s | x libcurl | client CPU us/request | of which user space | x floor | peak RSS MiB | "
          "heap in use half-way, KiB | connections (nginx) | digest | other rounds: req/s, CPU us |")
        w("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|")
        for r in e2e:
            if "rps" not in r:
                w(f"| {r['label']} | failed: {r.get('stderr', '')[-80:].replace(chr(10), ' ')} | | | | | | | | | |")
                continue
            xr = r["rps"] / curl["rps"] if curl.get("rps") else None
            xc = r["cpu_us_per_request"] / floor["cpu_us_per_request"] if floor.get("cpu_us_per_request") else None
            user = f"{r['user_us_per_request']:.1f}" if "user_us_per_request" in r else "n/a"
            w(f"| {r['label']} | {r['rps']:,.0f} | {fmt(xr, 2)} | {r['cpu_us_per_request']:.1f} | {user} | {fmt(xc, 2)} | "
              f"{r['peak_rss_kib'] / 1024:.1f} | {fmt(r.get('heap_middle_kib')) if r.get('heap_middle_kib', -1) >= 0 else 'n/a'} | "
              f"{r['nginx_connections']} | `{r['digest']}` | "
              + "; ".join(f"{o['rps']:,.0f}, {o['cpu_us_per_request']:.1f}" for o in other_rounds(r) if o.get("rps"))
              + " |")
        digests = {r["digest"] for r in e2e if r.get("digest") and not r["digest"].startswith("bytes:")}
        errors = sum(r.get("errors", 0) for r in e2e)
        statuses = {}
        for r in e2e:
            for k, v in r.get("nginx_statuses", {}).items():
                statuses[k] = statuses.get(k, 0) + v
        w("")
        w(f"Digest over every parsed field: {'one value for every peer that parses JSON' if len(digests) == 1 else 'PEERS DISAGREE: ' + ', '.join(sorted(digests))}"
          f" (a digest `bytes:...` is an FNV-1a of the raw body bytes: the rows that do not decode the record). Errors: {errors}. "
          f"Status codes logged by nginx: {', '.join(f'{k}: {v:,}' for k, v in sorted(statuses.items()))}. "
          f"CPU is user + system time of the client process (getrusage), over the timed requests only.")
        w("")

    ei = run.get("e2e_instructions", [])
    if ei:
        w("#### User-space instructions per round trip (callgrind; the difference of two runs of different length, "
          "so start-up and the handshake cancel out; kernel time is not included)\n")
        fl = by_label(ei).get(FLOOR, {}).get("ir_per_request")
        w("| client | instructions / request | x floor |")
        w("|---|---:|---:|")
        for r in ei:
            if r.get("failed"):
                w(f"| {r['label']} | failed | |")
                continue
            w(f"| {r['label']} | {r['ir_per_request']:,} | {fmt(r['ir_per_request'] / fl if fl else None, 1)} |")
        w("")
        for r in ei:
            if r.get("profile"):
                w(f"Where the instructions of one `{r['label']}` round trip go (inclusive, so nested rows are part "
                  "of the row above them; functions the compiler inlined do not show):\n")
                w("| part | instructions / request |")
                w("|---|---:|")
                for p in r["profile"]:
                    w(f"| {p['part'].replace('  ', '&nbsp;&nbsp;')} | {p['ir_per_request']:,} |")
                w("")

    ar = run.get("alloc_runs", [])
    if ar:
        w(f"#### Heap allocations per round trip ({fmt(ar[0].get('requests'))} requests, counting on)\n")
        w("| client | operator new / request (1st half, 2nd half) | malloc+calloc+realloc / request, incl. new "
          "(1st, 2nd half) |")
        w("|---|---:|---:|")
        for r in ar:
            if "news_per_request_first_half" not in r:
                w(f"| {r['label']} | failed | |")
                continue
            w(f"| {r['label'].replace(' (counting allocations)', '')} | {r['news_per_request_first_half']:.2f}, "
              f"{r['news_per_request_second_half']:.2f} | {r['mallocs_per_request_first_half']:.2f}, "
              f"{r['mallocs_per_request_second_half']:.2f} |")
        w("")
        w("libcurl and OpenSSL allocate with malloc, not operator new: compare the malloc column across peers.")
        w("")

    sc = run.get("syscalls", [])
    if sc:
        w(f"#### System calls per round trip (strace -c -f, {fmt(sc[0]['requests'])} requests, no warm-up: "
          "start-up and the handshake are included)\n")
        w("| client | total / request | the frequent ones / request |")
        w("|---|---:|---|")
        for s in sc:
            w(f"| {s['label']} | {s['total_calls'] / s['requests']:.1f} | "
              f"{', '.join(f'{k} {v:g}' for k, v in s['per_request'].items())} |")
        w("")

    micro = run.get("micro", [])
    if micro:
        cv = run.get("micro_cv_percent", {})
        reps = run.get("micro_repetitions")
        how = (f"median CPU time of {reps['count']} repetitions run in random order among the other rows'"
               if reps and reps.get("interleaved") else "median CPU time of the repetitions")
        w(f"#### Micro benchmarks (Google Benchmark: {how}; instructions: callgrind, "
          "per operation, from `micro --op NAME N`)\n")
        for c in run.get("micro_checks", []):
            if c["check"] == "parse_digests":
                w(f"Parse check: digests {'agree' if c['agree'] else 'DISAGREE'} "
                  f"(revring, Boost.JSON DOM, nlohmann, simdjson: `{c.get('revring')}`).")
            else:
                w(f"Serialize check ({c['check'].split('_')[1]}): outputs {'agree' if c['agree'] else 'DISAGREE'} "
                  f"as JSON values; {c['bytes']} bytes.")
        w("")
        hand0 = micro_ns(run, "BM_serialize_handwritten/vars:0")
        hand1 = micro_ns(run, "BM_serialize_handwritten/vars:1")
        w("| serialize the Send Call request | no variables, ns | x hand-written | instructions | 2 variables, ns | "
          "x hand-written | instructions |")
        w("|---|---:|---:|---:|---:|---:|---:|")
        for name, label in [("BM_build_request_revring", "revring: build only (no JSON)"),
                            ("BM_serialize_revring", "revring: build + to_json"),
                            ("BM_serialize_revring_try", "revring: build + try_to_json (the client's path)"),
                            ("BM_serialize_revring_reserved", "revring: build + writer with reserved output (candidate)"),
                            ("BM_serialize_handwritten", "hand-written serializer"),
                            ("BM_serialize_boost_dom", "Boost.JSON DOM + serialize"),
                            ("BM_serialize_nlohmann", "nlohmann::json + dump")]:
            a0, a1 = micro_ns(run, f"{name}/vars:0"), micro_ns(run, f"{name}/vars:1")
            w(f"| {label} | {fmt(a0)} | {fmt(a0 / hand0 if a0 and hand0 else None, 2)} | "
              f"{fmt(micro_ir(run, f'{name}/vars:0'))} | {fmt(a1)} | {fmt(a1 / hand1 if a1 and hand1 else None, 2)} | "
              f"{fmt(micro_ir(run, f'{name}/vars:1'))} |")
        w("")
        sj = micro_ns(run, "BM_parse_simdjson_ondemand")
        body = run["body_bytes"]
        sji = micro_ir(run, "BM_parse_simdjson_ondemand")
        w(f"| parse the {body} byte call record | us (CPU) | x simdjson on-demand | MB/s | instructions | "
          f"x simdjson | spread of the repetitions (CV %) |")
        w("|---|---:|---:|---:|---:|---:|---:|")
        for name, label in [("BM_parse_revring", "revring: from_json<SendCallResponse> (typed; free-form objects kept as their text)"),
                            ("BM_parse_revring_read_free_form", "revring: from_json, then every free-form object read (parsed on first read)"),
                            ("BM_parse_revring_dom", "revring: through a DOM, then converted (the previous path; now only for errors)"),
                            ("BM_parse_revring_decode_only", "revring: the DOM path's conversion step alone (from a parsed DOM)"),
                            ("BM_parse_boost_dom_convert", "Boost.JSON DOM + hand-written conversion"),
                            ("BM_parse_boost_dom_only", "Boost.JSON DOM alone (boost::json::parse)"),
                            ("BM_parse_boost_basic_parser_null", "boost::json::basic_parser, handler keeps nothing"),
                            ("BM_parse_nlohmann", "nlohmann::json + hand-written conversion"),
                            ("BM_parse_simdjson_ondemand", "simdjson on-demand, every value visited"),
                            ("BM_memcpy", "memcpy of the body")]:
            ns = micro_ns(run, name)
            if ns is None:
                continue
            i_ = micro_ir(run, name)
            w(f"| {label} | {ns / 1000:.3f} | {fmt(ns / sj if sj else None, 2)} | {body / ns * 1000:,.0f} | "
              f"{fmt(i_)} | {fmt(i_ / sji if i_ and sji else None, 2)} | {fmt(cv.get(name + '_cv', cv.get(name)))} |")
        w("")

    al = run.get("allocs", [])
    if al:
        w("#### Heap allocations of single operations (replaced operator new; malloc counts include it)\n")
        w("| operation | operator new | malloc+calloc+realloc |")
        w("|---|---:|---:|")
        for a in al:
            w(f"| {a['what']} | {a['news']:g} | {a['mallocs']:g} |")
        w("")

    comp = run.get("compile", [])
    if comp:
        w("#### Compile time of one translation unit (g++ -std=c++20 -O2 -c; best of the runs by CPU time)\n")
        w("| translation unit | CPU s (user+sys) | wall s | preprocessed lines (-E -P) |")
        w("|---|---:|---:|---:|")
        for c in comp:
            if c.get("failed"):
                w(f"| {c['label']} | failed | |")
                continue
            w(f"| {c['label']} (`bench/compile/{c['file']}`) | {c['cpu_s']:.2f} | {c['wall_s']:.2f} | "
              f"{fmt(c.get('preprocessed_lines'))} |")
        w("")


def render(run_files, analysis_file, out_file):
    runs = [json.load(open(f)) for f in run_files]
    md = []
    w = md.append
    w("# revring-cpp benchmark results")
    w("")
    w("Written by `bash bench/run.sh` (see the header of `bench/run.sh`; raw figures in `bench/results/`). "
      "This file holds the newest runs, newest first; the analysis below is `bench/analysis.md`.")
    w("")
    if runs:
        w(f"## Targets of issue 5 (run of {runs[0]['started']})\n")
        w("| target | measured | verdict |")
        w("|---|---|---|")
        for t, meas, v in targets(runs[0]):
            w(f"| {t} | {meas} | {v} |")
        if len(runs) > 1:
            w("")
            w(f"Same targets in the run of {runs[1]['started']}: " + "; ".join(
                f"{t.split(':')[0] if ':' in t else t}: {meas.split(' (')[0]} ({v})" for t, meas, v in targets(runs[1])) + ".")
        w("")
    try:
        with open(analysis_file) as f:
            w(f.read().rstrip())
            w("")
    except OSError:
        pass
    w("## Runs\n")
    for r in runs:
        render_run(r, md)
    with open(out_file, "w") as f:
        f.write("\n".join(md) + "\n")


if __name__ == "__main__":
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    render(sys.argv[3:], sys.argv[2], sys.argv[1])
