#!/usr/bin/env bash
# The whole test suite, from a fresh Debian 12 machine:
#   1. installs what is missing (apt-get),
#   2. builds and runs every meson test suite (unit, compile-fail, generator,
#      openapi, integration, ...),
#   3. rebuilds the unit and integration tests under ASan + UBSan (+ LSan) and runs them,
# then prints one closing line "N passed, M failed" and exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."
bash tools/install-deps.sh || { echo "install-deps failed"; exit 1; }

jobs="${REVRING_JOBS:-2}"
status=0
logs=()

run_suite() { # name builddir meson-setup-args... -- meson-test-args...
  local name=$1 dir=$2; shift 2
  local setup=() testargs=()
  while [ $# -gt 0 ] && [ "$1" != "--" ]; do setup+=("$1"); shift; done
  [ $# -gt 0 ] && shift
  testargs=("$@")
  echo "=== $name: configure + build ($dir)"
  if [ ! -f "$dir/build.ninja" ]; then
    meson setup "$dir" "${setup[@]}" >/dev/null || { echo "meson setup failed for $dir"; status=1; return; }
  fi
  if ! meson compile -C "$dir" -j "$jobs"; then
    echo "build failed for $dir"; status=1; return
  fi
  echo "=== $name: test"
  meson test -C "$dir" --print-errorlogs --num-processes "$jobs" "${testargs[@]}" || status=1
  logs+=("$dir/meson-logs/testlog.json")
}

run_suite "main" build
if [ "${REVRING_SKIP_SANITIZERS:-0}" != 1 ]; then
  run_suite "sanitizers" build-asan -Db_sanitize=address,undefined -Db_lundef=false -Dbuildtype=debug \
    -- --suite unit --suite integration --suite cli
fi

/usr/bin/python3 tools/summarize_tests.py "${logs[@]}" || status=1
exit $status
