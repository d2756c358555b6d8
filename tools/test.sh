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
if [ "${REVRING_SKIP_SANITIZERS:-0}" != 1 ]; then
  # The unit and integration suites again under AddressSanitizer (with
  # LeakSanitizer) and UndefinedBehaviorSanitizer.
  run_suite "sanitizers" build-asan unit,integration \
    -Db_sanitize=address,undefined -Db_lundef=false -Dbuildtype=debug
fi

/usr/bin/python3 tools/summarize_tests.py "${logs[@]}" || status=1
exit $status
