#!/usr/bin/env bash
# Install Debian's `prometheus` package (prometheus + promtool) if missing. Idempotent.
# Without root and apt-get it prints one line and exits 0 (2 under LOOPSTACK_REQUIRE_TOOLS=1).
# The package's own service must not start (it would bind 0.0.0.0:9090): a temporary
# policy-rc.d forbids it during the install, and anything started anyway is stopped.
set -euo pipefail
if command -v promtool >/dev/null 2>&1 && command -v prometheus >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  # Not installable here: say how, and let `make test` go on (the tests needing it skip).
  echo "prometheus-deps: promtool/prometheus not found; install Debian/Ubuntu \`apt-get install prometheus\` (as root), macOS \`brew install prometheus\`; the tests needing them will be skipped" >&2
  case "${LOOPSTACK_REQUIRE_TOOLS:-}" in "" | 0) exit 0 ;; *) exit 2 ;; esac
fi
policy=/usr/sbin/policy-rc.d
own_policy=0
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod 755 "$policy" && own_policy=1
fi
trap 'if [ "$own_policy" = 1 ]; then rm -f "$policy"; fi' EXIT
export DEBIAN_FRONTEND=noninteractive
apt-get install -y --no-install-recommends prometheus >/dev/null \
  || { apt-get update >/dev/null && apt-get install -y --no-install-recommends prometheus >/dev/null; }
# Belt and braces: if an init system started the service anyway, stop and disable it.
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet prometheus 2>/dev/null; then
  systemctl disable --now prometheus >/dev/null 2>&1 || true
fi
command -v promtool >/dev/null && command -v prometheus >/dev/null
echo "prometheus: $(prometheus --version 2>&1 | head -1)"
