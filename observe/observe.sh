#!/usr/bin/env bash
# `make observe-up` / `make observe-down`: the exporter and a Prometheus with the shipped rules,
# both on 127.0.0.1, for people who want to look. State (PIDs, logs, TSDB) in outputs/observe/.
set -euo pipefail
cd "$(dirname "$0")/.."
STATE=outputs/observe
EXPORTER_PORT=${EXPORTER_PORT:-9464}
PROMETHEUS_PORT=${PROMETHEUS_PORT:-9090}
SERVE_PORT=${SERVE_PORT:-8001} # the online service (run.py serve deploy), scraped when it runs
mkdir -p "$STATE"

running() { [ -f "$STATE/$1.pid" ] && kill -0 "$(cat "$STATE/$1.pid")" 2>/dev/null; }

up() {
  command -v prometheus >/dev/null 2>&1 || {
    echo "error: prometheus not found; install Debian/Ubuntu \`apt-get install prometheus\`, macOS \`brew install prometheus\`" >&2
    exit 2
  }
  if ! running exporter; then
    nohup .venv/bin/python run.py metrics serve --port "$EXPORTER_PORT" >"$STATE/exporter.log" 2>&1 &
    echo $! >"$STATE/exporter.pid"
  fi
  cat >"$STATE/prometheus.yml" <<YAML
global: {scrape_interval: 15s, evaluation_interval: 15s}
rule_files: [$PWD/observe/prometheus/rules.yml]
scrape_configs:
  - job_name: loopstack
    static_configs: [{targets: ["127.0.0.1:$EXPORTER_PORT"]}]
  - job_name: loopstack-serve
    static_configs: [{targets: ["127.0.0.1:$SERVE_PORT"]}]
YAML
  if ! running prometheus; then
    nohup prometheus --config.file="$STATE/prometheus.yml" --storage.tsdb.path="$STATE/data" \
      --web.listen-address="127.0.0.1:$PROMETHEUS_PORT" >"$STATE/prometheus.log" 2>&1 &
    echo $! >"$STATE/prometheus.pid"
  fi
  echo "exporter:   http://127.0.0.1:$EXPORTER_PORT/metrics (first read of ZenML may take a while)"
  echo "prometheus: http://127.0.0.1:$PROMETHEUS_PORT/alerts"
  echo "stop both:  make observe-down"
}

down() {
  for name in prometheus exporter; do
    if running "$name"; then
      kill "$(cat "$STATE/$name.pid")" && echo "stopped $name (pid $(cat "$STATE/$name.pid"))"
    fi
    rm -f "$STATE/$name.pid"
  done
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  *) echo "usage: $0 up|down" >&2; exit 2 ;;
esac
