#!/usr/bin/env bash
# revring-cpp benchmark kit: the one command.
#
#   bash bench/run.sh            install, build, measure, write bench/RESULTS.md
#   bash bench/run.sh --quick    a smoke run (few requests, short micro runs);
#                                writes build-bench/kit/RESULTS-quick.md only
#
# Environment: BENCH_DIR (default <repo>/build-bench) holds the builds, the
# certificates, nginx's files and the raw results; BENCH_JOBS (default 2) is
# the build parallelism; BENCH_SKIP_INSTALL=1 skips the apt step.
#
# Steps:
#  1. Debian packages (only the missing ones): nginx, libcurl4-openssl-dev,
#     nlohmann-json3-dev, libsimdjson-dev, libbenchmark-dev, python3-requests,
#     plus the project's own build needs. It refuses to go on if apt would
#     pull an unversioned libboost-*-dev (that would replace Boost 1.81).
#  2. A build of the main project (meson, -Dtests=false) for the generated
#     headers <builddir>/include/revring/gen/*.hpp, then the kit's own meson
#     project (bench/meson.build, -O2 -DNDEBUG).
#  3. A CA and a server certificate for 127.0.0.1 (ECDSA P-256), and nginx
#     on 127.0.0.1 (bench/nginx.conf.in): TLS 1.3 only, one worker,
#     keep-alive for every request, POST /v1/calls answering
#     bench/data/call_record.json. nginx is stopped on every exit (trap).
#  4. bench/driver.py: end-to-end runs, micro benchmarks, allocations,
#     compile times, the profile; raw results in bench/results/<stamp>.json,
#     and bench/RESULTS.md rendered from the two newest runs.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH_DIR="${BENCH_DIR:-$ROOT/build-bench}"
JOBS="${BENCH_JOBS:-2}"
PY=/usr/bin/python3
QUICK=0
for a in "$@"; do
  case "$a" in
    --quick) QUICK=1 ;;
    -h|--help) sed -n '2,30p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown argument $a" >&2; exit 2 ;;
  esac
done

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# ---------------------------------------------------------------------------
# 1. packages
install_packages() {
  local pkgs=(nginx libcurl4-openssl-dev nlohmann-json3-dev libsimdjson-dev libbenchmark-dev python3-requests
              g++ meson ninja-build pkg-config libboost1.81-dev libboost-json1.81-dev libssl-dev openssl
              python3-jinja2 python3-yaml valgrind)
  local missing=() p
  for p in "${pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && { log "packages: all present"; return; }
  log "packages: installing ${missing[*]}"
  local SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  for p in "${missing[@]}"; do
    if ! apt-cache show "$p" >/dev/null 2>&1; then echo "run.sh: package $p is not available" >&2; exit 1; fi
  done
  # Never let apt pull the unversioned Boost (libboost-dev, libboost1.74-dev, ...).
  local sim
  sim="$($SUDO apt-get install -s --no-install-recommends "${missing[@]}")"
  if grep -E '^Inst libboost(-[a-z0-9-]+)?-dev |^Inst libboost1\.74' <<<"$sim" >/dev/null; then
    echo "run.sh: apt would install an unversioned Boost; refusing:" >&2
    grep -E '^Inst libboost' <<<"$sim" >&2
    exit 1
  fi
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}
if [ "${BENCH_SKIP_INSTALL:-0}" != 1 ]; then install_packages; fi

# ---------------------------------------------------------------------------
# 2. builds
mkdir -p "$BENCH_DIR"
MAIN_BUILD="$BENCH_DIR/main"
KIT_BUILD="$BENCH_DIR/kit"
if [ ! -f "$MAIN_BUILD/build.ninja" ]; then
  log "configuring the main project in $MAIN_BUILD"
  meson setup "$MAIN_BUILD" "$ROOT" -Dtests=false --buildtype=release >"$BENCH_DIR/main-setup.log" 2>&1 \
    || { cat "$BENCH_DIR/main-setup.log" >&2; exit 1; }
fi
log "generating the headers from openapi/revring.yaml"
meson compile -C "$MAIN_BUILD" revring-generated >"$BENCH_DIR/main-build.log" 2>&1 \
  || { cat "$BENCH_DIR/main-build.log" >&2; exit 1; }
GEN_INCLUDE="$MAIN_BUILD/include"
[ -f "$GEN_INCLUDE/revring/gen/types.hpp" ] || { echo "run.sh: no generated headers in $GEN_INCLUDE" >&2; exit 1; }

if [ ! -f "$KIT_BUILD/build.ninja" ]; then
  log "configuring the kit in $KIT_BUILD"
  meson setup "$KIT_BUILD" "$ROOT/bench" -Drevring_include="$ROOT/include" -Dgen_include="$GEN_INCLUDE" \
    >"$BENCH_DIR/kit-setup.log" 2>&1 || { cat "$BENCH_DIR/kit-setup.log" >&2; exit 1; }
fi
log "building the kit (-j$JOBS; the Beast clients take a while on a busy machine)"
ninja -C "$KIT_BUILD" -j "$JOBS" >"$BENCH_DIR/kit-build.log" 2>&1 || { tail -50 "$BENCH_DIR/kit-build.log" >&2; exit 1; }

# ---------------------------------------------------------------------------
# 3. certificates and nginx
NGX="$BENCH_DIR/nginx"
mkdir -p "$NGX/tmp"
if [ ! -f "$NGX/server.pem" ] || [ ! -f "$NGX/ca.pem" ]; then
  log "making a CA and a certificate for 127.0.0.1"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 30 \
    -subj "/CN=revring bench CA" -keyout "$NGX/ca.key" -out "$NGX/ca.pem" \
    -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign 2>/dev/null
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj "/CN=127.0.0.1" \
    -keyout "$NGX/server.key" -out "$NGX/server.csr" 2>/dev/null
  printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' \
    >"$NGX/server.ext"
  openssl x509 -req -in "$NGX/server.csr" -CA "$NGX/ca.pem" -CAkey "$NGX/ca.key" -CAcreateserial -days 30 \
    -extfile "$NGX/server.ext" -out "$NGX/server.pem" 2>/dev/null
fi

stop_nginx() {
  local pidfile="$NGX/nginx.pid"
  [ -f "$pidfile" ] || return 0
  local pid
  pid="$(cat "$pidfile" 2>/dev/null || true)"
  [ -n "$pid" ] || return 0
  # Only the master we started (its command line names our config).
  if tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "$NGX/nginx.conf"; then
    kill -QUIT "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -TERM "$pid" 2>/dev/null || true
    log "nginx stopped"
  fi
  rm -f "$pidfile"
}
trap stop_nginx EXIT
trap 'exit 130' INT TERM
stop_nginx # a master left over by an interrupted run

read -r PORT STATUS_PORT < <($PY - <<'EOF'
import socket
socks = []
for _ in range(2):
    s = socket.socket(); s.bind(("127.0.0.1", 0)); socks.append(s)
print(*[s.getsockname()[1] for s in socks])
EOF
)
$PY - "$ROOT/bench/nginx.conf.in" "$ROOT/bench/data/call_record.json" "$NGX" "$PORT" "$STATUS_PORT" <<'EOF'
import sys
tpl, body_file, work, port, status_port = sys.argv[1:]
body = open(body_file, encoding="utf-8").read()
if "$" in body:
    sys.exit("call_record.json must not contain '$' (nginx would read a variable)")
# nginx quoted string: escape backslash and the quote.
quoted = body.replace("\\", "\\\\").replace("'", "\\'")
conf = open(tpl).read()
for k, v in {"@WORK@": work, "@PORT@": port, "@STATUS_PORT@": status_port, "@BODY@": quoted}.items():
    conf = conf.replace(k, v)
open(f"{work}/nginx.conf", "w").write(conf)
EOF
: >"$NGX/access.log"
nginx -t -p "$NGX" -c "$NGX/nginx.conf" >"$NGX/nginx-t.log" 2>&1 || { cat "$NGX/nginx-t.log" >&2; exit 1; }
nginx -p "$NGX" -c "$NGX/nginx.conf"
for _ in $(seq 1 50); do [ -s "$NGX/nginx.pid" ] && break; sleep 0.1; done
log "nginx $(nginx -v 2>&1 | sed 's/.*\///') on 127.0.0.1:$PORT (pid $(cat "$NGX/nginx.pid"))"

# ---------------------------------------------------------------------------
# 4. measurements and the report
args=(--root "$ROOT" --kit "$KIT_BUILD" --gen-include "$GEN_INCLUDE" --nginx-dir "$NGX"
      --port "$PORT" --status-port "$STATUS_PORT")
[ "$QUICK" = 1 ] && args+=(--quick)
$PY "$ROOT/bench/driver.py" "${args[@]}"
