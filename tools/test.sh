#!/usr/bin/env bash
# The whole test suite, from a fresh Debian 12 machine:
#   1. installs what is missing (apt-get),
#   2. builds and runs every meson test suite (unit, compile-fail, generator,
#      openapi, integration, ...),
#   3. runs the unit tests under valgrind memcheck (tools/valgrind.sh),
#   4. rebuilds every suite that runs the project's compiled code under
#      ASan + UBSan + LSan and runs it again,
#   5. runs every libFuzzer target for 60 s under ASan + UBSan (tools/fuzz.sh),
# then prints one closing line "N passed, M failed" and exits non-zero on any failure.
#
# Local shortcuts (CI sets none of them): REVRING_SKIP_VALGRIND=1,
# REVRING_SKIP_SANITIZERS=1, REVRING_SKIP_FUZZ=1, REVRING_FUZZ_SECONDS=N.
set -uo pipefail
cd "$(dirname "$0")/.."
bash tools/install-deps.sh || { echo "install-deps failed"; exit 1; }

jobs="${REVRING_JOBS:-2}"
status=0
logs=()

run_suite() { # name builddir suites(comma-separated, or "all") meson-setup-args...
  local name=$1 dir=$2 suites=$3; shift 3
  echo "=== $name: configure + build ($dir)"
  if [ ! -f "$dir/build.ninja" ]; then
    meson setup "$dir" "$@" >/dev/null || { echo "meson setup failed for $dir"; status=1; return; }
  fi
  local testargs=()
  if [ "$suites" = all ]; then
    meson compile -C "$dir" -j "$jobs" || { echo "build failed for $dir"; status=1; return; }
  else
    # Build only what the chosen suites run (their executables and dependencies).
    local targets
    IFS=, read -ra names <<<"$suites"
    for s in "${names[@]}"; do testargs+=(--suite "$s"); done
    targets=$(/usr/bin/python3 tools/suite_targets.py "$dir" "${names[@]}") || { status=1; return; }
    # shellcheck disable=SC2086
    ninja -C "$dir" -j "$jobs" $targets || { echo "build failed for $dir"; status=1; return; }
  fi
  echo "=== $name: test"
  meson test -C "$dir" --no-rebuild --print-errorlogs --num-processes "$jobs" "${testargs[@]}" || status=1
  logs+=("$dir/meson-logs/testlog.json")
}

run_suite "main" build all

if [ "${REVRING_SKIP_VALGRIND:-0}" != 1 ]; then
  echo "=== valgrind memcheck (suite unit, build)"
  # (meson names the log after --logbase and the wrapper: valgrind-valgrind)
  rm -f build/meson-logs/valgrind-valgrind.json
  bash tools/valgrind.sh build || status=1
  logs+=("build/meson-logs/valgrind-valgrind.json")
fi

if [ "${REVRING_SKIP_SANITIZERS:-0}" != 1 ]; then
  # Every suite whose tests run the project's compiled code, again under
  # AddressSanitizer (with LeakSanitizer) and UndefinedBehaviorSanitizer.
  # Left out: compile-fail, generator and openapi, whose tests run only
  # python and the compilers, so a sanitizer build changes nothing in them.
  run_suite "sanitizers" build-asan unit,integration,hygiene,cli,conformance,docs \
    -Db_sanitize=address,undefined -Db_lundef=false -Dbuildtype=debug
fi

if [ "${REVRING_SKIP_FUZZ:-0}" != 1 ]; then
  # Every libFuzzer target for a bounded time (60 s each unless
  # REVRING_FUZZ_SECONDS says otherwise); a finding fails the run.
  echo "=== fuzz"
  bash tools/fuzz.sh "${REVRING_FUZZ_SECONDS:-60}" || status=1
  logs+=("build-fuzz/fuzz-testlog.json")
fi

/usr/bin/python3 tools/summarize_tests.py "${logs[@]}" || status=1
exit $status
