#!/usr/bin/env bash
# Load test on loopback (issue 5): gunicorn with 2 workers against the generated
# data, 50 concurrent connections (users) of mixed analyst pages for 60 seconds,
# driven by wrk (apt-get install wrk) with bench/pages.lua.
#
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/ft_scale bench/loadtest.sh
#
# Prints wrk's summary and one RESULT line of JSON: requests/s, p50, p99, and the
# errors (non-200 answers and socket errors), which must be 0; the exit status is
# 1 when they are not. Overridable: PORT, USERS, DURATION, THREADS.
set -euo pipefail
cd "$(dirname "$0")/.."

: "${DATABASE_URL:=postgres://postgres@127.0.0.1:5432/ft_scale}"
PORT="${PORT:-8765}"
USERS="${USERS:-50}"
DURATION="${DURATION:-60s}"
THREADS="${THREADS:-2}"
PY=.venv/bin/python
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 2; }

# Production settings, except TLS: loopback has no proxy in front to terminate it.
export DATABASE_URL DEBUG=false SECURE_SSL_REDIRECT=false ALLOWED_HOSTS=127.0.0.1
export SECRET_KEY="${SECRET_KEY:-$($PY -c 'import secrets; print(secrets.token_urlsafe(50))')}"
export LOG_LEVEL=WARNING

work="$(mktemp -d)"
gunicorn_pid=""
cleanup() {
  if [[ -n "$gunicorn_pid" ]]; then kill "$gunicorn_pid" 2>/dev/null || true; wait "$gunicorn_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# The manifest static storage used when DEBUG is off needs collected files.
$PY manage.py collectstatic --no-input -v0

# A logged-in analyst's session, and the page mix: the pages bench_pages measures
# (dashboard and the rounds list weighted up, as the most visited), plus company
# and round pages spread over the whole table so not every request hits one row.
$PY manage.py shell -v0 <<'PYEOF' | grep -E '^(SESSION|PATH) ' >"$work/setup.txt"
from django.test import Client

from deals.management.commands.bench_pages import bench_targets, bench_user
from deals.models import Company, Round

client = Client()
client.force_login(bench_user())
print("SESSION", client.cookies["sessionid"].value)
weights = {"dashboard": 3, "rounds": 3, "company: largest": 2, "search: typo": 2}
for target in bench_targets():
    for _ in range(weights.get(target.name, 1)):
        print("PATH", target.path)
last_company = Company.objects.order_by("-id").values_list("id", flat=True).first() or 0
for company in Company.objects.filter(id__in=range(1, last_company + 1, max(last_company // 10, 1))):
    print("PATH", company.get_absolute_url())
last_round = Round.objects.order_by("-id").values_list("id", flat=True).first() or 0
for pk in Round.objects.filter(id__in=range(1, last_round + 1, max(last_round // 10, 1))).values_list("id", flat=True):
    print("PATH", f"/rounds/{pk}/")
PYEOF
grep '^PATH ' "$work/setup.txt" | cut -d' ' -f2- >"$work/paths.txt"
export WRK_SESSION="$(grep '^SESSION ' "$work/setup.txt" | cut -d' ' -f2)"
export WRK_PATHS="$work/paths.txt"
echo "$(wc -l <"$work/paths.txt") paths in the mix"

.venv/bin/gunicorn fundtracker.wsgi:application --workers 2 --bind "127.0.0.1:$PORT" \
  --log-level warning >"$work/gunicorn.log" 2>&1 &
gunicorn_pid=$!
for _ in $(seq 50); do
  curl -fsS -o /dev/null "http://127.0.0.1:$PORT/accounts/login/" 2>/dev/null && break
  sleep 0.2
done

# Warm both workers' connections and template caches before the clock starts.
wrk -t "$THREADS" -c "$THREADS" -d 5s -s bench/pages.lua "http://127.0.0.1:$PORT" >/dev/null
wrk -t "$THREADS" -c "$USERS" -d "$DURATION" --timeout 10s --latency -s bench/pages.lua \
  "http://127.0.0.1:$PORT" | tee "$work/wrk.txt"

if grep -q '"non_200": 0, "socket_errors": 0' "$work/wrk.txt"; then
  exit 0
fi
echo "errors during the load test; gunicorn said:" >&2
tail -20 "$work/gunicorn.log" >&2
exit 1
