#!/usr/bin/env bash
# Hoax desk figures: intake throughput (gunicorn + SQLite, loopback) and the cached public clarification page (wrk).
# Bounded: 20 s of intake, 10 s of wrk. Uses its own var dir so the development database is untouched.
set -euo pipefail
cd "$(dirname "$0")/../.."
export TANGKAL_VAR_DIR=${TANGKAL_VAR_DIR:-/tmp/tangkal-hoax-bench}
export RATE_LIMIT_ENABLED=false DEBUG=false ALLOWED_HOSTS=127.0.0.1 TASKS_BACKEND=django_tasks.backends.immediate.ImmediateBackend
PORT=${PORT:-8765}
WORKERS=${WORKERS:-2}
SECONDS_INTAKE=${SECONDS_INTAKE:-20}
CONCURRENCY=${CONCURRENCY:-8}
PY=.venv/bin/python
rm -rf "$TANGKAL_VAR_DIR" && mkdir -p "$TANGKAL_VAR_DIR"
$PY manage.py migrate --noinput -v0
$PY manage.py collectstatic --noinput -v0
$PY manage.py seed_demo >/dev/null 2>&1
.venv/bin/gunicorn tangkal.wsgi:application --bind 127.0.0.1:$PORT --workers $WORKERS --threads 4 \
  --log-level warning --access-logfile /dev/null &
GPID=$!
trap 'kill $GPID 2>/dev/null || true; wait $GPID 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done
echo "== intake: $CONCURRENCY clients, ${SECONDS_INTAKE}s"
$PY benchmarks/hoaxes/load_intake.py --base "http://127.0.0.1:$PORT" --seconds "$SECONDS_INTAKE" --concurrency "$CONCURRENCY"
echo "== rows after the run"
$PY manage.py shell --no-imports -c "exec(open('benchmarks/hoaxes/count_rows.py').read())"
SLUG=$($PY manage.py shell --no-imports -c "from tangkal.hoaxes.models import Clarification as C; print(C.objects.filter(status='published', is_external=False).first().slug)")
echo "== public clarification page /klarifikasi/$SLUG/ (wrk 2 threads, 16 connections, 10 s)"
wrk -t2 -c16 -d10s "http://127.0.0.1:$PORT/klarifikasi/$SLUG/"
echo "== same page, conditional GET (If-Modified-Since)"
LM=$(curl -sI "http://127.0.0.1:$PORT/klarifikasi/$SLUG/" | awk -F': ' 'tolower($1)=="last-modified"{print $2}' | tr -d '\r')
wrk -t2 -c16 -d10s -H "If-Modified-Since: $LM" "http://127.0.0.1:$PORT/klarifikasi/$SLUG/"
echo "== clarification list /klarifikasi/ (10 s)"
wrk -t2 -c16 -d10s "http://127.0.0.1:$PORT/klarifikasi/"
