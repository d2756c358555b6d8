#!/usr/bin/env bash
# Installs the Debian packages the build and the tests need, only if missing.
# Safe to run repeatedly; needs root (or sudo) only when something is missing.
set -euo pipefail

pkgs=(
  g++ clang-14 libclang-rt-14-dev meson ninja-build pkg-config
  libboost1.81-dev libboost-json1.81-dev libssl-dev openssl
  doctest-dev python3 python3-jinja2 python3-yaml python3-jsonschema
  valgrind
)

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done

# Node.js and npm (for the independent OpenAPI tools) may come from the
# machine image rather than from Debian; only ask Debian when they are absent.
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)

if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  # Never let apt pull the unversioned libboost-*-dev (it would remove 1.81).
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
