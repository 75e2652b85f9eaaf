#!/usr/bin/env bash
# A fresh non-root account on a clean clone of this repository: `make run` passes, and with
# promtool, prometheus and Chromium hidden from its PATH, `make test-fast` still passes and the
# tests needing those tools are reported skipped by name. Run as root by `.ci/run`; the account
# (and its home, with the clone, venv and cache) is deleted afterwards.
# NONROOT_SUITE=full runs the whole `make test` as that account instead of `make test-fast` on
# the tool-dependent files (about as long as `make test` itself, so not part of `.ci/run`);
# NONROOT_TESTS narrows it to some test files or `-k` expressions. Without root `make test`
# may fetch Playwright's Chromium, so the full run checks only the promtool skip lines.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD
HIDDEN="promtool prometheus chromium chromium-browser"

required() { case "${LOOPSTACK_REQUIRE_TOOLS:-}" in "" | 0) return 1 ;; *) return 0 ;; esac; }
if [ "$(id -u)" != 0 ] || ! command -v useradd >/dev/null || ! command -v runuser >/dev/null; then
  echo "nonroot: skipped: needs root, useradd and runuser"
  if required; then exit 2; fi
  exit 0
fi

user="lsci$$"
log=$(mktemp)
useradd -m -s /bin/bash "$user"
cleanup() {
  rm -f "$log"
  userdel -r "$user" 2>/dev/null || echo "nonroot: warning: userdel -r $user failed" >&2
  echo "nonroot: account removed, $(($(date +%s) - began)) s in all"
}
began=$(date +%s)
trap cleanup EXIT
home=$(getent passwd "$user" | cut -d: -f6)
started=$(date +%s)

# A PATH like the system's, minus the hidden tools (a folder of links, plus a copy of uv).
bin="$home/bin"
mkdir -p "$bin"
for dir in /usr/local/sbin /usr/local/bin /usr/sbin /usr/bin /sbin /bin; do
  [ -d "$dir" ] || continue
  for path in "$dir"/*; do
    name=${path##*/}
    case " $HIDDEN " in *" $name "*) continue ;; esac
    [ -e "$bin/$name" ] || ln -s "$path" "$bin/$name"
  done
done
uv_bin=$(pyenv which uv 2>/dev/null || command -v uv || true)
if [ -n "$uv_bin" ]; then
  rm -f "$bin/uv"
  cp "$uv_bin" "$bin/uv"
fi

# An interpreter the account can run: this venv's (if readable by others), else the system's.
python=""
for candidate in "$(readlink -f .venv/bin/python 2>/dev/null || true)" /usr/bin/python3; do
  if [ -n "$candidate" ] && runuser -u "$user" -- "$candidate" -c "" 2>/dev/null; then
    python=$candidate
    break
  fi
done
[ -n "$python" ] || { echo "nonroot: no Python interpreter the account can run" >&2; exit 1; }

# Its uv cache starts as hard links to ours (the account owns the folders, files are read-only,
# and UV_LINK_MODE=copy gives it venv files of its own), so `uv sync` downloads nothing; it
# skips compiling every module ahead (UV_SYNC_FLAGS=), the check's biggest cost.
cache=$(uv cache dir 2>/dev/null || true)
if [ -n "$cache" ] && [ -d "$cache" ]; then
  mkdir -p "$home/.cache"
  cp -al "$cache" "$home/.cache/uv"
fi
git clone -q "$REPO" "$home/repo"
chown -R "$user:" "$home"
echo "nonroot: account $user ready in $(($(date +%s) - started)) s (python $python)"

# A clean environment, but the machine's network settings (CA bundle, proxy, index) pass.
passed=()
for name in SSL_CERT_FILE SSL_CERT_DIR REQUESTS_CA_BUNDLE NODE_EXTRA_CA_CERTS PIP_CERT \
  UV_INDEX_URL UV_DEFAULT_INDEX npm_config_registry NPM_CONFIG_REGISTRY \
  http_proxy https_proxy no_proxy HTTP_PROXY HTTPS_PROXY NO_PROXY; do
  if [ -n "${!name:-}" ]; then passed+=("$name=${!name}"); fi
done
as_user() {
  runuser -u "$user" -- env -i HOME="$home" USER="$user" LANG=C.UTF-8 PATH="$bin" "${passed[@]}" \
    UV_CACHE_DIR="$home/.cache/uv" UV_LINK_MODE=copy UV_SYNC_FLAGS= PYTHON="$python" \
    bash -c "cd ~/repo && $1" 2>&1 | tee -a "$log"
  return "${PIPESTATUS[0]}"
}
as_user 'make run'
echo "nonroot: make run passed after $(($(date +%s) - started)) s"
expected=(
  "prometheus-deps: promtool/prometheus not found"
  "test_rules_pass_promtool_check SKIPPED"
  "test_rules_pass_their_promtool_unit_tests SKIPPED"
  "test_every_alert_has_a_unit_test PASSED"
  "promtool not found; install"
)
if [ "${NONROOT_SUITE:-}" = full ]; then
  as_user "PYTEST_ADDOPTS=\"-v -rs -p no:cacheprovider ${NONROOT_TESTS:-}\" make test"
  echo "nonroot: make test passed after $(($(date +%s) - started)) s"
  [ -z "${NONROOT_TESTS:-}" ] || expected=()
else
  as_user 'PYTEST_ADDOPTS="-v -rs -p no:cacheprovider tests/observe/test_rules.py -k \"promtool or every_alert\"" make test-fast'
  as_user '.venv/bin/python -m pytest -v -rs -p no:cacheprovider tests/operate/test_dashboard.py'
  expected+=("test_playground_run_changes_the_model_stage SKIPPED" "chromium not found; install")
fi

missing=0
for line in "${expected[@]}"; do
  grep -qF "$line" "$log" || { echo "nonroot: missing from the output: $line" >&2; missing=1; }
done
[ "$missing" = 0 ]
echo "nonroot: passed in $(($(date +%s) - started)) s"
