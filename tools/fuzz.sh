#!/usr/bin/env bash
# Builds every libFuzzer target with clang-14 (-fsanitize=fuzzer,address,undefined)
# and runs each for a bounded time; exits non-zero on any finding.
#
#   tools/fuzz.sh [SECONDS] [TARGET...]
#
#   SECONDS   per target (default 60; or REVRING_FUZZ_SECONDS)
#   TARGET    decode, roundtrip, constrained, http-response (default: all)
#
# Build dir: build-fuzz (REVRING_FUZZ_BUILD). The committed seeds in
# tests/fuzz/corpus/<target>/ are read, never written: new inputs go to
# <build>/fuzz-corpus/<target>/, and a crashing input to
# <build>/fuzz-artifacts/<target>/. To keep a finding as a regression input,
# fix it, then copy the artifact to tests/fuzz/corpus/<target>/regress-<what>
# (every build replays those: meson test --suite fuzz).
# Reproduce one input: <build>/tests/fuzz/fuzz-<target> <file>
# Each target's result is also written, one JSON line per target in the shape
# of meson's testlog, to <build>/fuzz-testlog.json (tools/test.sh counts them).
set -uo pipefail
cd "$(dirname "$0")/.."

secs="${1:-${REVRING_FUZZ_SECONDS:-60}}"
[ $# -gt 0 ] && shift
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(decode roundtrip constrained http-response)
dir="${REVRING_FUZZ_BUILD:-build-fuzz}"
jobs="${REVRING_JOBS:-2}"
cxx="${REVRING_FUZZ_CXX:-clang++-14}"

command -v "$cxx" >/dev/null || { echo "fuzz: $cxx not found (apt-get install clang-14 libclang-rt-14-dev)"; exit 1; }

if [ ! -f "$dir/build.ninja" ]; then
  CXX="$cxx" meson setup "$dir" -Dbuildtype=debugoptimized -Db_sanitize=address,undefined -Db_lundef=false \
    -Dcpp_args=-fno-sanitize-recover=all >"$dir.setup.log" 2>&1 \
    || { cat "$dir.setup.log"; echo "fuzz: meson setup failed"; exit 1; }
  rm -f "$dir.setup.log"
fi
grep -q 'Checking if "libFuzzer" : links: YES' "$dir/meson-logs/meson-log.txt" 2>/dev/null \
  || { echo "fuzz: $cxx cannot link -fsanitize=fuzzer (libclang-rt-14-dev missing?)"; exit 1; }

build_targets=()
for t in "${targets[@]}"; do build_targets+=("tests/fuzz/fuzz-$t"); done
echo "=== fuzz: building ${targets[*]} ($dir)"
meson compile -C "$dir" -j "$jobs" "${build_targets[@]}" || { echo "fuzz: build failed"; exit 1; }

dict_of() {
  case "$1" in
    decode|roundtrip) echo tests/fuzz/dict/json.dict ;;
    http-response) echo tests/fuzz/dict/http.dict ;;
    constrained) echo tests/fuzz/dict/constrained.dict ;;
  esac
}
max_len_of() {
  case "$1" in constrained) echo 256 ;; *) echo 16384 ;; esac
}

export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1:check_initialization_order=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"

status=0
failed=()
start=$(date +%s)
testlog="$dir/fuzz-testlog.json"
: >"$testlog"
record() { # target result seconds
  printf '{"name": "fuzz-%s", "suite": ["fuzz-run"], "result": "%s", "duration": %s}\n' "$1" "$2" "$3" >>"$testlog"
}
for t in "${targets[@]}"; do
  seeds="tests/fuzz/corpus/${t//-/_}"
  work="$dir/fuzz-corpus/$t"
  artifacts="$dir/fuzz-artifacts/$t"
  mkdir -p "$work" "$artifacts"
  [ -d "$seeds" ] || { echo "fuzz: no seed corpus $seeds"; status=1; failed+=("$t"); record "$t" FAIL 0; continue; }
  echo "=== fuzz: $t for ${secs}s (seeds $seeds, work corpus $work)"
  log="$dir/fuzz-$t.log"
  t0=$(date +%s)
  "$dir/tests/fuzz/fuzz-$t" "$work" "$seeds" \
    -max_total_time="$secs" -timeout=30 -rss_limit_mb=3072 -max_len="$(max_len_of "$t")" \
    -dict="$(dict_of "$t")" -artifact_prefix="$artifacts/" -print_final_stats=1 >"$log" 2>&1
  rc=$?
  if [ $rc -eq 0 ]; then record "$t" OK $(( $(date +%s) - t0 )); else record "$t" FAIL $(( $(date +%s) - t0 )); fi
  grep -E "^#[0-9]+ *DONE|stat::number_of_executed_units|stat::peak_rss_mb" "$log" | sed 's/^/    /'
  if [ $rc -ne 0 ]; then
    status=1
    failed+=("$t")
    echo "fuzz: $t FOUND A PROBLEM (exit $rc); last lines of $log:"
    tail -n 60 "$log"
    # CI keeps only what is printed: the seed (rerun with -seed=N) and each
    # crashing input, in hex, so that a finding there can be reproduced here.
    grep -m1 "INFO: Seed:" "$log" | sed 's/^/    /'
    for a in "$artifacts"/*; do
      [ -f "$a" ] || continue
      echo "    artifact: $a ($(wc -c <"$a") bytes; first 4 KiB in hex):"
      head -c 4096 "$a" | od -A d -t x1z -v | sed 's/^/      /'
    done
  fi
done
echo "=== fuzz: $(( $(date +%s) - start ))s of fuzzing for ${#targets[@]} targets;" \
  "${#failed[@]} with findings${failed[*]:+: ${failed[*]}}"
exit $status
