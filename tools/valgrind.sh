#!/usr/bin/env bash
# Runs the unit tests (meson suite 'unit': the support library, the transport's
# pure parts, the fuzz corpus replays and the fuzz findings) under valgrind
# memcheck; exits non-zero on any memory error or leaked block.
#
#   tools/valgrind.sh [BUILD_DIR]
#
# BUILD_DIR (default: build, or REVRING_VALGRIND_BUILD) must be a build
# without sanitizers (valgrind and ASan exclude each other); it is configured
# and built when needed. Only compiled test programs run under valgrind; a
# test that is a script (python) is not a memcheck subject and is skipped here
# (it runs in the normal suite). Meson's log of this run:
# BUILD_DIR/meson-logs/valgrind-valgrind.{json,txt} (--logbase, then the wrapper's name).
set -uo pipefail
cd "$(dirname "$0")/.."

dir="${1:-${REVRING_VALGRIND_BUILD:-build}}"
jobs="${REVRING_JOBS:-2}"

command -v valgrind >/dev/null || { echo "valgrind: not installed (apt-get install valgrind)"; exit 1; }

if [ ! -f "$dir/build.ninja" ]; then
  meson setup "$dir" >/dev/null || { echo "valgrind: meson setup failed for $dir"; exit 1; }
fi
if grep -q -- "-fsanitize" "$dir/build.ninja" 2>/dev/null; then
  echo "valgrind: $dir is a sanitizer build; give a build without -Db_sanitize"; exit 1
fi
meson compile -C "$dir" -j "$jobs" || { echo "valgrind: build failed"; exit 1; }

# The compiled tests of suite 'unit' (introspection gives each test's command).
mapfile -t tests < <(meson introspect --tests "$dir" | /usr/bin/python3 -c '
import json, os, sys
for t in json.load(sys.stdin):
    suites = [s.split(":")[-1] for s in t.get("suite", [])]
    cmd = t.get("cmd") or [""]
    if "unit" not in suites or not os.path.isfile(cmd[0]):
        continue
    with open(cmd[0], "rb") as f:
        if f.read(4) == b"\x7fELF":
            print(t["name"])
')
if [ ${#tests[@]} -eq 0 ]; then
  echo "valgrind: no compiled tests in suite 'unit' under $dir"; exit 1
fi

echo "=== valgrind memcheck: ${#tests[@]} tests of suite 'unit' ($dir)"
wrapper="valgrind --tool=memcheck --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect"
wrapper+=" --errors-for-leak-kinds=definite,indirect --track-fds=no --num-callers=30 --quiet"
if [ -f tools/valgrind.supp ]; then wrapper+=" --suppressions=$PWD/tools/valgrind.supp"; fi

meson test -C "$dir" --no-rebuild --print-errorlogs --num-processes "$jobs" --timeout-multiplier 20 \
  --wrapper "$wrapper" --logbase valgrind "${tests[@]}"
status=$?
if [ $status -ne 0 ]; then
  echo "valgrind: memcheck reported errors (see $dir/meson-logs/valgrind*.txt)"
else
  echo "valgrind: ${#tests[@]} tests clean"
fi
exit $status
