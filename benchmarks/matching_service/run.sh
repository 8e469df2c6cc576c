#!/usr/bin/env bash
# Cek Hoaks service figures, loopback only, bounded (about 4 minutes):
#  1. POST /api/v1/check through Django (gunicorn, 2 workers x 4 threads) with wrk: 1 connection for
#     5 s (latency), 8 connections for 10 s (throughput);
#  2. publish → matchable in another process, and withdraw → gone, with a per-process cache (log polled
#     every MATCHING_SYNC_SECONDS) and with Redis (generation counter bumped on commit), each on an idle
#     server and on a busy one (a background wrk keeps every worker checking, so each has read the log
#     less than a second ago when the change commits: the worst case for polling).
# Uses its own var dir so the development database is untouched.
set -euo pipefail
cd "$(dirname "$0")/../.."
export TANGKAL_VAR_DIR=${TANGKAL_VAR_DIR:-/tmp/tangkal-matching-bench}
export RATE_LIMIT_ENABLED=false DEBUG=false ALLOWED_HOSTS=127.0.0.1 TASKS_BACKEND=django_tasks.backends.immediate.ImmediateBackend
export LOG_LEVEL=WARNING
PORT=${PORT:-8766}
REDIS_PORT=${REDIS_PORT:-6399}
WORKERS=${WORKERS:-2}
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-8}
ROUNDS=${ROUNDS:-8}
PY=.venv/bin/python
HERE=benchmarks/matching_service
rm -rf "$TANGKAL_VAR_DIR" && mkdir -p "$TANGKAL_VAR_DIR"
$PY manage.py migrate --noinput -v0
$PY manage.py collectstatic --noinput -v0
echo "== machine: nproc=$(nproc), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== corpus"
$PY $HERE/load_corpus.py --out "$TANGKAL_VAR_DIR"

GPID=""; RPID=""
stop() { [ -n "$GPID" ] && kill "$GPID" 2>/dev/null && wait "$GPID" 2>/dev/null; GPID=""; }
trap 'stop; [ -n "$RPID" ] && kill "$RPID" 2>/dev/null; true' EXIT
serve() {
  .venv/bin/gunicorn tangkal.wsgi:application --bind 127.0.0.1:$PORT --workers $WORKERS --threads 4 \
    --log-level warning --access-logfile /dev/null &
  GPID=$!
  for _ in $(seq 100); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done
  # Each worker loads the snapshot on its first check; warm them all (new connection each time).
  for _ in $(seq $((WORKERS * 6))); do
    curl -s -o /dev/null -H 'Connection: close' -H 'Content-Type: application/json' \
      -d '{"text":"listrik padam tiga hari"}' "http://127.0.0.1:$PORT/api/v1/check"
  done
}

propagate() {
  echo "== propagation, $1, idle server"
  $PY $HERE/propagation.py --base "http://127.0.0.1:$PORT" --rounds "$ROUNDS"
  echo "== propagation, $1, busy server (background wrk -t1 -c2)"
  BODIES="$TANGKAL_VAR_DIR/bodies.jsonl" wrk -t1 -c2 -d120s -s $HERE/post_bodies.lua "http://127.0.0.1:$PORT" >/dev/null &
  local WPID=$!
  $PY $HERE/propagation.py --base "http://127.0.0.1:$PORT" --rounds "$ROUNDS"
  kill "$WPID" 2>/dev/null; wait "$WPID" 2>/dev/null || true
}

serve
echo "== POST /api/v1/check: wrk -t1 -c1 -d5s (latency of one client)"
BODIES="$TANGKAL_VAR_DIR/bodies.jsonl" wrk -t1 -c1 -d5s --latency -s $HERE/post_bodies.lua "http://127.0.0.1:$PORT"
echo "== POST /api/v1/check: wrk -t2 -c$CONNECTIONS -d$DURATION (bodies: $(wc -l < "$TANGKAL_VAR_DIR/bodies.jsonl") dev queries, round robin)"
BODIES="$TANGKAL_VAR_DIR/bodies.jsonl" wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s $HERE/post_bodies.lua "http://127.0.0.1:$PORT"
propagate "per-process cache (MATCHING_SYNC_SECONDS=${MATCHING_SYNC_SECONDS:-1})"
stop

if command -v redis-server >/dev/null; then
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no >/dev/null &
  RPID=$!
  sleep 0.5
  export REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
  serve
  propagate "shared cache (Redis, generation counter)"
  stop
fi
