"""Badge figures: issue+sign N badges, revocation -> visible, verify page requests per second.

Runs against a throw-away SQLite database and var directory (never the developer's), a
gunicorn on 127.0.0.1 with 2 workers, and wrk for the load. Usage:

    .venv/bin/python benchmarks/badges/bench_badges.py --badges 10000 --duration 10

Prints one JSON document with every figure; RESULTS.md records a run.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PORT = 8765
SITE = f"http://127.0.0.1:{PORT}"


def environment(var: Path, *, page_cache: int = 20) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tangkal.settings",
        "TANGKAL_VAR_DIR": str(var),
        "DATABASE_URL": f"sqlite:///{var / 'bench.sqlite3'}",
        "SITE_URL": SITE,
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "RATE_LIMIT_ENABLED": "false",
        "BADGE_PAGE_CACHE_SECONDS": str(page_cache),
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
    }


def manage(env, *args) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL)


ISSUE = r"""
import json, sys, time
import django
django.setup()
from django.db import transaction
from tangkal.accounts.models import Agency, Role, User
from tangkal.badges.crypto.credential import sign_credential
from tangkal.badges.testing import issue_badge
from tangkal.badges.models import Badge

n = int(sys.argv[1])
agency, _ = Agency.objects.get_or_create(code="bench", defaults={"name": "Instansi Bench", "kind": "agency"})
users = User.objects.bulk_create([
    User(email=f"asn{i}@bench.go.id", full_name=f"ASN Bench {i}", role=Role.INFLUENCER, agency=agency,
         password="!") for i in range(n)])
users = list(User.objects.filter(agency=agency).order_by("pk"))
timings = []
started = time.perf_counter()
for i, user in enumerate(users):
    t0 = time.perf_counter()
    issue_badge(user, accounts=(("instagram", f"asn_bench_{i}", 500 + i),))
    timings.append(time.perf_counter() - t0)
total = time.perf_counter() - started
timings.sort()
badge = Badge.objects.order_by("pk").first()
print(json.dumps({
    "badges": n, "total_seconds": round(total, 2), "per_credential_ms": round(total / n * 1000, 2),
    "p50_ms": round(timings[len(timings) // 2] * 1000, 2), "p95_ms": round(timings[int(len(timings) * .95)] * 1000, 2),
    "p99_ms": round(timings[int(len(timings) * .99)] * 1000, 2), "max_ms": round(timings[-1] * 1000, 2),
    "sample_public_id": str(badge.public_id), "sample_short_code": badge.short_code,
    "last_public_id": str(Badge.objects.order_by("-pk").first().public_id),
}))
"""

TOKEN = r"""
import django
django.setup()
from tangkal.accounts.models import APIToken, Role, User
admin = User.objects.filter(email="bench-admin@komdigi.go.id").first() or User.objects.create_user(
    "bench-admin@komdigi.go.id", None, role=Role.ADMIN, is_staff=True)
_token, raw = APIToken.issue(user=admin, name="bench", scope=APIToken.Scope.WRITE)
print(raw)
"""


def start_gunicorn(env) -> subprocess.Popen:
    process = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "tangkal.wsgi:application", "--bind", f"127.0.0.1:{PORT}",
         "--workers", "2", "--threads", "4", "--log-level", "warning"],
        cwd=ROOT, env=env, start_new_session=True)
    for _ in range(100):
        try:
            urllib.request.urlopen(f"{SITE}/healthz", timeout=1)
            return process
        except OSError:
            time.sleep(0.2)
    stop(process)
    raise RuntimeError("gunicorn did not start")


def stop(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=20)


def get(path: str, accept: str = "text/html") -> str:
    request = urllib.request.Request(SITE + path, headers={"Accept": accept})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.read().decode()


def revocation_visibility(env, public_id: str) -> dict:
    token = subprocess.run([sys.executable, "-c", TOKEN], cwd=ROOT, env=env, check=True, capture_output=True,
                           text=True).stdout.strip()
    for _ in range(20):  # warm both workers' page caches with the ACTIVE page
        assert "AKTIF" in get(f"/v/{public_id}")
    credential = json.loads(get(f"/v/{public_id}", accept="application/vc+ld+json"))
    status_url = next(e for e in credential["credentialStatus"] if e["statusPurpose"] == "revocation")
    index = int(status_url["statusListIndex"])
    status_path = status_url["statusListCredential"].removeprefix(SITE)
    request = urllib.request.Request(f"{SITE}/api/v1/badges/{public_id}/revoke", method="POST",
                                     data=json.dumps({"reason": "Benchmark pencabutan"}).encode(),
                                     headers={"Authorization": f"Bearer {token}",
                                              "Content-Type": "application/json"})
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.status == 200
    api_seconds = time.perf_counter() - started
    list_seen = page_seen = None
    import base64
    import gzip

    while time.perf_counter() - started < 120 and (list_seen is None or page_seen is None):
        if list_seen is None:
            encoded = json.loads(get(status_path, accept="application/json"))["credentialSubject"]["encodedList"]
            bits = gzip.decompress(base64.urlsafe_b64decode(encoded[1:] + "=" * (-len(encoded[1:]) % 4)))
            if bits[index // 8] & (0x80 >> (index % 8)):
                list_seen = time.perf_counter() - started
        # Every one of 10 consecutive requests (spread over both workers) must show it.
        if page_seen is None and all("DICABUT" in get(f"/v/{public_id}") for _ in range(10)):
            page_seen = time.perf_counter() - started
        time.sleep(0.25)
    return {"revoke_api_seconds": round(api_seconds, 3), "status_list_visible_seconds": round(list_seen, 2),
            "verify_page_visible_everywhere_seconds": round(page_seen, 2)}


def wrk(path: str, duration: int, connections: int = 16) -> dict:
    out = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", SITE + path],
                         capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1])
    latency = dict(re.findall(r"^\s+(50|90|99)%\s+(\S+)", out, re.M))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"command": f"wrk -t2 -c{connections} -d{duration}s --latency {SITE}{path}", "requests_per_second": rps,
            "latency": latency, "non_2xx": int(errors[1]) if errors else 0}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--badges", type=int, default=10_000)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args()
    var = Path(tempfile.mkdtemp(prefix="tangkal-bench-badges-"))
    results: dict = {
        "machine": {"nproc": os.cpu_count(), "cpu": cpu_model(), "python": platform.python_version(),
                    "database": "SQLite (WAL) file in a temporary directory"},
    }
    try:
        env = environment(var)
        manage(env, "migrate", "--noinput")
        manage(env, "collectstatic", "--noinput")
        issued = json.loads(subprocess.run([sys.executable, "-c", ISSUE, str(args.badges)], cwd=ROOT, env=env,
                                           check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1])
        results["issue_and_sign"] = issued
        public_id = issued["sample_public_id"]

        server = start_gunicorn(env)
        try:
            get(f"/v/{public_id}")
            results["verify_page_cached"] = wrk(f"/v/{public_id}", args.duration)
            results["status_list"] = wrk("/lencana/status/revocation/1", args.duration)
            results["revocation"] = revocation_visibility(env, issued["last_public_id"])
        finally:
            stop(server)
        server = start_gunicorn(environment(var, page_cache=0))
        try:
            results["verify_page_uncached"] = wrk(f"/v/{public_id}", args.duration)
        finally:
            stop(server)
    finally:
        if not args.keep:
            shutil.rmtree(var, ignore_errors=True)
    print(json.dumps(results, indent=2))


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


if __name__ == "__main__":
    main()
