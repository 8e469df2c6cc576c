#!/usr/bin/env bash
# Short-link redirect: Tangkal (gunicorn, lean WSGI path for /s/) next to a static nginx 302, same
# machine, same run, loopback only, bounded (2 x 10 s + one budgeted run). Then the stored clicks are
# compared with the requests sent.
set -euo pipefail
cd "$(dirname "$0")/../.."
export TANGKAL_VAR_DIR=${TANGKAL_VAR_DIR:-/tmp/tangkal-shortlink-bench}
export DEBUG=false ALLOWED_HOSTS=127.0.0.1 LOG_LEVEL=WARNING
PORT=${PORT:-8771}; NGINX_PORT=${NGINX_PORT:-8772}; SERVER_PORT=${SERVER_PORT:-8773}
WORKERS=${WORKERS:-2}; THREADS=${THREADS:-1}; WORKER_CLASS=${WORKER_CLASS:-gthread}
DURATION=${DURATION:-10s}; CONNECTIONS=${CONNECTIONS:-16}; BUDGET=${BUDGET:-10000}
PY=.venv/bin/python
rm -rf "$TANGKAL_VAR_DIR" && mkdir -p "$TANGKAL_VAR_DIR/nginx"
$PY manage.py migrate --noinput -v0
read -r CODE_A CODE_B CODE_C <<<"$($PY benchmarks/campaigns/seed_shortlinks.py)"

cat > "$TANGKAL_VAR_DIR/nginx/nginx.conf" <<NGINX
worker_processes auto;
pid $TANGKAL_VAR_DIR/nginx/nginx.pid;
error_log $TANGKAL_VAR_DIR/nginx/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $TANGKAL_VAR_DIR/nginx; proxy_temp_path $TANGKAL_VAR_DIR/nginx;
  fastcgi_temp_path $TANGKAL_VAR_DIR/nginx; uwsgi_temp_path $TANGKAL_VAR_DIR/nginx; scgi_temp_path $TANGKAL_VAR_DIR/nginx;
  server { listen 127.0.0.1:$NGINX_PORT; location / { return 302 https://sscasn.bkn.go.id/; } }
}
NGINX
/usr/sbin/nginx -c "$TANGKAL_VAR_DIR/nginx/nginx.conf" -g "daemon off;" &
NPID=$!
.venv/bin/gunicorn tangkal.campaigns.shortlink_wsgi:application -c benchmarks/campaigns/gunicorn.conf.py \
  --bind 127.0.0.1:$PORT --workers "$WORKERS" --threads "$THREADS" --worker-class "$WORKER_CLASS" \
  --log-level warning --access-logfile /dev/null &
GPID=$!
$PY manage.py serve_shortlinks --bind 127.0.0.1:$SERVER_PORT --workers "$WORKERS" &
SPID=$!
trap 'kill $GPID $NPID $SPID 2>/dev/null || true; wait 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -fs -o /dev/null "http://127.0.0.1:$PORT/healthz" && break; sleep 0.2; done
for _ in $(seq 50); do curl -fs -o /dev/null "http://127.0.0.1:$SERVER_PORT/healthz" && break; sleep 0.2; done
for port in $PORT $PORT $SERVER_PORT $SERVER_PORT; do  # warm every worker's cache (counted: +2 per code)
  curl -s -o /dev/null -A "Mozilla/5.0" "http://127.0.0.1:$port/s/$([ $port = $PORT ] && echo "$CODE_A" || echo "$CODE_C")x"
done
echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "== gunicorn: $WORKERS workers x $THREADS threads ($WORKER_CLASS); serve_shortlinks: $WORKERS processes; wrk -t2 -c$CONNECTIONS -d$DURATION"
echo "== nginx static 302"
wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s benchmarks/campaigns/ua.lua "http://127.0.0.1:$NGINX_PORT/s/${CODE_A}x"
echo "== Tangkal /s/<code> (lean WSGI path)"
wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s benchmarks/campaigns/ua.lua "http://127.0.0.1:$PORT/s/${CODE_A}x" | tee "$TANGKAL_VAR_DIR/wrk-a.txt"
echo "== Tangkal /s/<code> (serve_shortlinks: asyncio, $WORKERS processes)"
wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s benchmarks/campaigns/ua.lua "http://127.0.0.1:$SERVER_PORT/s/${CODE_C}x" | tee "$TANGKAL_VAR_DIR/wrk-c.txt"
echo "== exact count (serve_shortlinks): each wrk thread sends $BUDGET GETs to a real short link, then GETs to an unknown code"
SHORT_PATH="/s/${CODE_B}w" BUDGET=$BUDGET wrk -t2 -c"$CONNECTIONS" -d"$DURATION" -s benchmarks/campaigns/budget.lua "http://127.0.0.1:$SERVER_PORT"
kill -TERM $GPID $SPID; wait $GPID $SPID 2>/dev/null || true   # graceful stop: every worker writes its buffer
SENT_A=$(awk '/requests in/ {print $1}' "$TANGKAL_VAR_DIR/wrk-a.txt")
SENT_C=$(awk '/requests in/ {print $1}' "$TANGKAL_VAR_DIR/wrk-c.txt")
echo "== clicks stored, gunicorn timed run: $($PY benchmarks/campaigns/count_clicks.py "$CODE_A" | cut -d' ' -f1) (wrk completed $SENT_A, + 2 warm-up, + requests in flight when wrk stopped)"
echo "== clicks stored, serve_shortlinks timed run: $($PY benchmarks/campaigns/count_clicks.py "$CODE_C" | cut -d' ' -f1) (wrk completed $SENT_C, + 2 warm-up, + requests in flight when wrk stopped)"
echo "== clicks stored, budgeted run: $($PY benchmarks/campaigns/count_clicks.py "$CODE_B" | cut -d' ' -f1) (must equal the 302 responses above)"
