"""National dashboard at national scale: 1,000,000 ASN, 100,000 claims, 1,000,000 click records.

Run (PostgreSQL on 127.0.0.1:5432, user postgres, trust auth; a throwaway database is made and dropped):

    .venv/bin/python benchmarks/reports/bench_dashboard.py [--asn 1000000 --claims 100000 --clicks 1000000]

It fills the database with bulk inserts, refreshes the pre-aggregated tables (timed), then renders the
national, agency and province dashboards as a signed-in programme admin through the full Django stack
(test client: middleware, templates, SVG charts) and reports the median and worst of several renders.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def setup_django(database: str) -> None:
    os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{database}"
    os.environ["TANGKAL_VAR_DIR"] = tempfile.mkdtemp(prefix="bench-reports-")
    os.environ["DJANGO_SETTINGS_MODULE"] = "tangkal.settings"
    os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()


def psql(sql: str) -> None:
    subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-q", "-c", sql, "postgres"], check=True)


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    return f"nproc={os.cpu_count()}, CPU: {cpu}, load average {os.getloadavg()[0]:.1f}"


def fill(*, asn: int, claims: int, clicks: int, rng: random.Random) -> dict[str, float]:
    from django.db import connection
    from django.utils import timezone

    from tangkal.accounts.models import Agency, Region, Role, User
    from tangkal.campaigns.models import Assignment, Campaign, ClickDaily
    from tangkal.hoaxes.models import Claim, Clarification, Report
    from tangkal.influencers.models import ASNProfile, SocialAccount

    timings: dict[str, float] = {}
    now = timezone.now()
    agencies = list(Agency.objects.values_list("pk", flat=True))
    regions = list(Region.objects.exclude(level="province").values_list("code", flat=True))
    stages = ["registered"] * 40 + ["accounts_verified"] * 25 + ["eligible"] * 15 + ["trained"] * 10 + ["badged"] * 10
    batch = 20_000

    started = time.perf_counter()
    for first in range(0, asn, batch):
        ASNProfile.objects.bulk_create(
            ASNProfile(agency_id=rng.choice(agencies), region_id=rng.choice(regions), nip=f"{198001012005011000 + i}",
                       full_name=f"ASN {i}", stage=rng.choice(stages))
            for i in range(first, min(asn, first + batch))
        )
    timings["insert_asn_s"] = time.perf_counter() - started

    started = time.perf_counter()
    ids = list(ASNProfile.objects.exclude(stage="registered").values_list("pk", flat=True))
    platforms = ["x", "instagram", "facebook", "tiktok", "youtube"]
    for first in range(0, len(ids), batch):
        SocialAccount.objects.bulk_create(
            SocialAccount(profile_id=pk, platform=rng.choice(platforms), handle=f"h{pk}",
                          profile_url=f"https://x.com/h{pk}", verification="verified", verified_at=now,
                          followers=int(rng.lognormvariate(6.5, 1.3)))
            for pk in ids[first:first + batch]
        )
    timings["insert_accounts_s"] = time.perf_counter() - started

    started = time.perf_counter()
    topics = ["kesehatan", "politik", "bencana", "penipuan", "ekonomi", "lainnya"]
    for first in range(0, claims, batch):
        Claim.objects.bulk_create(
            Claim(title=f"Klaim {i}", agency_id=rng.choice(agencies), region_id=rng.choice(regions),
                  topic=rng.choice(topics), report_count=1,
                  first_reported_at=now - timedelta(minutes=rng.randint(0, 60 * 24 * 365)))
            for i in range(first, min(claims, first + batch))
        )
    claim_ids = list(Claim.objects.values_list("pk", "first_reported_at", "region_id"))
    for first in range(0, len(claim_ids), batch):
        Report.objects.bulk_create(
            Report(text=f"Pesan berantai {pk}", claim_id=pk, region_id=region, platform="whatsapp")
            for pk, _when, region in claim_ids[first:first + batch]
        )
    published = claim_ids[: claims // 3]
    for first in range(0, len(published), batch):
        Clarification.objects.bulk_create(
            Clarification(slug=f"klarifikasi-{pk}", claim_id=pk, status="published", verdict=rng.choice(["HOAKS", "SALAH", "PENIPUAN"]),
                          headline=f"Klarifikasi {pk}", summary="Tidak benar.", topic=rng.choice(topics),
                          published_at=min(now, when + timedelta(minutes=rng.randint(10, 600))))
            for pk, when, _region in published[first:first + batch]
        )
    with connection.cursor() as cursor:  # spread creation over the past year like real traffic
        cursor.execute("UPDATE hoaxes_claim SET created_at = first_reported_at")
        cursor.execute("UPDATE hoaxes_report SET created_at = c.first_reported_at FROM hoaxes_claim c "
                       "WHERE c.id = hoaxes_report.claim_id")
    timings["insert_desk_s"] = time.perf_counter() - started

    started = time.perf_counter()
    admin = User.objects.create_user("bench-admin@komdigi.go.id", "x", role=Role.ADMIN, is_staff=True)
    people = 10_000
    User.objects.bulk_create(User(email=f"bench{i}@a.go.id", role=Role.INFLUENCER, agency_id=rng.choice(agencies),
                                  password="!") for i in range(people))
    users = list(User.objects.filter(email__startswith="bench", role=Role.INFLUENCER).values_list("pk", "agency_id"))
    approver = User.objects.create_user("bench-approver@komdigi.go.id", "x", role=Role.VERIFIER)
    campaign = Campaign.objects.create(kind="information", status="launched", headline="Bench", disclosure="#ASNInfluencer",
                                       created_by=admin, approved_by=approver, launched_at=now - timedelta(days=100))
    Assignment.objects.bulk_create(
        Assignment(campaign=campaign, user_id=pk, agency_id=agency, region_id=rng.choice(regions), code=f"b{pk}",
                   deadline_at=now, followers=1000) for pk, agency in users)
    assignment_ids = list(Assignment.objects.filter(campaign=campaign).values_list("pk", flat=True))
    days = max(1, clicks // len(assignment_ids))
    today = timezone.localdate()
    rows = (ClickDaily(assignment_id=pk, day=today - timedelta(days=d), channel="x", clicks=rng.randint(1, 30),
                       unique_visitors=1) for d in range(days) for pk in assignment_ids)
    chunk: list = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == batch:
            ClickDaily.objects.bulk_create(chunk)
            chunk = []
    if chunk:
        ClickDaily.objects.bulk_create(chunk)
    timings["insert_clicks_s"] = time.perf_counter() - started
    return timings


def render_times(path: str, client, runs: int) -> tuple[float, float]:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(path)
        samples.append(time.perf_counter() - started)
        assert response.status_code == 200, (path, response.status_code)
    return statistics.median(samples) * 1000, max(samples) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--asn", type=int, default=1_000_000)
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--clicks", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()
    database = f"tangkal_bench_reports_{os.getpid()}"
    psql(f"CREATE DATABASE {database}")
    try:
        setup_django(database)
        from django.core.management import call_command
        from django.test import Client
        from django.utils import timezone
        from django_otp import DEVICE_ID_SESSION_KEY
        from django_otp.plugins.otp_totp.models import TOTPDevice

        call_command("migrate", verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        timings = fill(asn=args.asn, claims=args.claims, clicks=args.clicks, rng=random.Random(2019))
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        from tangkal.accounts.models import Agency, User
        from tangkal.reports.aggregates import refresh_all, refresh_daily

        started = time.perf_counter()
        refresh_all(days=365)
        timings["refresh_all_365_days_s"] = time.perf_counter() - started
        started = time.perf_counter()
        refresh_daily(days=3)
        timings["refresh_daily_3_days_s"] = time.perf_counter() - started

        admin = User.objects.get(email="bench-admin@komdigi.go.id")
        client = Client()
        client.force_login(admin)
        device = TOTPDevice.objects.create(user=admin, name="bench", confirmed=True)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
        agency = Agency.objects.get(code="kemenkes")
        start = timezone.localdate() - timedelta(days=89)
        pages = {
            "national (last 30 days)": "/laporan/dasbor/",
            "national (last 90 days)": f"/laporan/dasbor/?dari={start:%Y-%m-%d}",
            "agency Kemenkes": f"/laporan/dasbor/?instansi={agency.code}",
            "province Jawa Barat": "/laporan/dasbor/?provinsi=32",
        }
        client.get("/laporan/dasbor/")  # warm the template cache
        results = {name: render_times(path, client, args.runs) for name, path in pages.items()}
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            psql(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")

    lines = [
        "## Dashboards at national scale (issue 8)",
        "",
        f"- Command: `.venv/bin/python benchmarks/reports/bench_dashboard.py --asn {args.asn} --claims {args.claims} "
        f"--clicks {args.clicks}`",
        f"- Date: {time.strftime('%Y-%m-%d %H:%M', time.gmtime())} UTC; machine: {machine()}; PostgreSQL 15 on 127.0.0.1",
        f"- Data: {args.asn:,} ASN, {args.claims:,} claims (+ as many reports, a third clarified), {args.clicks:,} click records",
        "",
        "| step | seconds |", "|---|---|",
        *[f"| {name} | {value:.1f} |" for name, value in timings.items()],
        "",
        "| page (full Django stack, signed-in admin) | median ms | worst ms |", "|---|---|---|",
        *[f"| {name} | {median:.0f} | {worst:.0f} |" for name, (median, worst) in results.items()],
    ]
    print("\n".join(lines))
    (Path(__file__).parent / "RESULTS.md").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
