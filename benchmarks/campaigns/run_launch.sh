#!/usr/bin/env bash
# Launch to 100,000 influencers on PostgreSQL (127.0.0.1:5432, user postgres) in a throwaway database.
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${N:-100000}
DB=${DB:-tangkal_bench_campaigns}
export TANGKAL_VAR_DIR=${TANGKAL_VAR_DIR:-/tmp/tangkal-campaign-bench}
export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$DB"
export EMAIL_BACKEND=django.core.mail.backends.locmem.EmailBackend
mkdir -p "$TANGKAL_VAR_DIR"
psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"
trap 'psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $DB"' EXIT
.venv/bin/python manage.py migrate --noinput -v0
.venv/bin/python benchmarks/campaigns/launch_100k.py --influencers "$N"
