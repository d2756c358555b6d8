#!/usr/bin/env bash
# The README's first command: the main job of revring-cpp, end to end, on a
# machine with no RevRing account and no internet.
#
#   1. installs what is missing (tools/install-deps.sh) and builds `revring`;
#   2. starts `revring mock`, the bundled local RevRing API, over HTTPS with a
#      certificate authority it makes at start;
#   3. places a typed call with `revring calls send`, verifying the mock's
#      certificate against that CA (there is no way to turn verification off);
#   4. fetches the call back until it completes, showing each status;
#   5. prints the final record;
#   6. stops the mock.
#
# Environment: REVRING_DEMO_BUILDDIR (default build), REVRING_JOBS (default 2),
# REVRING_DEMO_STEP_MS (time per call state, default 1500).
set -euo pipefail
cd "$(dirname "$0")/.."

bash tools/install-deps.sh

builddir="${REVRING_DEMO_BUILDDIR:-build}"
if [ ! -f "$builddir/build.ninja" ]; then
  echo "== meson setup $builddir"
  meson setup "$builddir" >/dev/null
fi
echo "== building revring (meson compile -C $builddir revring)"
meson compile -C "$builddir" -j "${REVRING_JOBS:-2}" revring
revring="$builddir/tools/revring/revring"

start=$(date +%s)
work=$(mktemp -d)
mock_pid=""
cleanup() {
  if [ -n "$mock_pid" ] && kill -0 "$mock_pid" 2>/dev/null; then
    kill -TERM "$mock_pid" 2>/dev/null || true
    wait "$mock_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# A throw-away key, shared by the mock (which requires it) and the client
# (which reads it from REVRING_API_KEY only). Neither ever prints it.
REVRING_API_KEY="demo_$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
export REVRING_API_KEY
unset REVRING_BASE_URL REVRING_MOCK_API_KEY

echo
echo "== 1. starting the local mock of the RevRing API (HTTPS on 127.0.0.1)"
"$revring" mock --listen 127.0.0.1:0 --step-ms "${REVRING_DEMO_STEP_MS:-1500}" --quiet \
  >"$work/mock.out" 2>"$work/mock.err" &
mock_pid=$!
for _ in $(seq 1 100); do
  grep -q '^listening on ' "$work/mock.out" 2>/dev/null && break
  kill -0 "$mock_pid" 2>/dev/null || { cat "$work/mock.err" >&2; echo "demo: the mock did not start" >&2; exit 1; }
  sleep 0.1
done
ready=$(grep -m1 '^listening on ' "$work/mock.out") || { echo "demo: the mock did not start in 10 s" >&2; exit 1; }
base_url=$(awk '{print $3}' <<<"$ready")
ca_file=$(awk '{print $4}' <<<"$ready"); ca_file=${ca_file#ca=}
echo "   $ready"
echo "   base URL $base_url; its CA certificate is $ca_file"

# Shows a command as it would be typed (the arguments here hold no quotes).
show() {
  local out="   \$" a
  for a in "$@"; do
    if [[ "$a" =~ ^[A-Za-z0-9_.:/+=@-]+$ ]]; then out+=" $a"; else out+=" '$a'"; fi
  done
  printf '%s\n' "$out"
}

client=(--base-url "$base_url" --ca-file "$ca_file")
send=(calls send --agent-id 3c90c3cc-0d44-4b50-8888-8dd25736052a --to +15551234567 --from +15557654321
      --var "customer_name=Ada Lovelace" --var "greeting=Grüß Gott 👋" --caller-id-name "Acme Support")

echo
echo "== 2. the JSON body 'revring calls send' will send (--dry-run: validated, not sent)"
show revring "${send[@]}" --dry-run
"$revring" "${send[@]}" --dry-run | sed 's/^/   /'

echo
echo "== 3. placing the call, TLS verified against the mock's CA"
show revring "${send[@]}" "${client[@]}"
sent=$("$revring" "${send[@]}" "${client[@]}" --output json)
call_id=$(/usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["id"])' <<<"$sent")
status=$(/usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["status"])' <<<"$sent")
echo "   call $call_id created"
echo
echo "== 4. following the call with 'revring calls get $call_id'"
printf '   %6.1fs  %s\n' 0 "$status"
t0=$(date +%s%N)
last="$status"
deadline=$(( $(date +%s) + 40 ))
while :; do
  case "$last" in COMPLETED|FAILED|CANCELED|TRANSFERRED) break ;; esac
  if [ "$(date +%s)" -ge "$deadline" ]; then echo "demo: the call did not complete in time" >&2; exit 1; fi
  sleep 0.25
  now=$("$revring" calls get "$call_id" "${client[@]}" --output json)
  status=$(/usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["status"])' <<<"$now")
  if [ "$status" != "$last" ]; then
    printf '   %6.1fs  %s\n' "$(awk -v a="$t0" -v b="$(date +%s%N)" 'BEGIN{print (b-a)/1e9}')" "$status"
    last="$status"
  fi
done

echo
echo "== 5. the final record (revring calls get $call_id --output text)"
"$revring" calls get "$call_id" "${client[@]}" --output text | sed 's/^/   /'

echo
echo "== 6. stopping the mock"
kill -TERM "$mock_pid"
rc=0; wait "$mock_pid" || rc=$?
mock_pid=""
[ "$rc" -eq 0 ] || { cat "$work/mock.err" >&2; echo "demo: the mock exited with status $rc" >&2; exit 1; }
echo "   stopped cleanly"
echo
echo "demo: done in $(( $(date +%s) - start )) s after the build: a typed call placed, followed to $last, over verified TLS."
