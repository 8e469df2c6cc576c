"""Eligibility recompute for N accounts (default 1,000,000) after a policy change.

    .venv/bin/python benchmarks/enrolment/eligibility_recompute.py --engine postgres --accounts 1000000

Loads N ASN with one verified account each (followers spread 0–1999) straight in SQL, runs a first
recompute (every ASN gets a decision), then publishes policy v2 (threshold 600) and times the
set-based recompute that stores a new decision for every ASN.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import machine, peak_rss_mb, prepare_database  # noqa: E402


def load(n: int) -> None:
    from django.db import connection

    from tangkal.accounts.models import Agency

    agency = Agency.objects.get(code="kemenkes").pk
    postgres = connection.vendor == "postgresql"
    series = "generate_series(1, %s) AS s(g)" if postgres else \
        "(WITH RECURSIVE s(g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM s WHERE g < %s) SELECT g FROM s) AS s"
    uuid = "gen_random_uuid()" if postgres else "lower(hex(randomblob(16)))"
    now = "now()" if postgres else "strftime('%%Y-%%m-%%d %%H:%%M:%%f', 'now')"
    true = "TRUE"
    padded = "lpad(g::text, 14, '0')" if postgres else "substr('00000000000000' || g, -14, 14)"
    with connection.cursor() as cursor:
        cursor.execute(
            f"""INSERT INTO influencers_asnprofile (public_id, created_at, updated_at, nip, full_name, unit, email,
                    phone, agency_id, stage, is_active, eligible, eligibility_reason)
                SELECT {uuid}, {now}, {now}, '1990' || {padded}, 'ASN ' || g, '', '',
                       '', %s, 'registered', {true}, FALSE, ''
                FROM {series}""",
            [agency, n],
        )
        cursor.execute(
            f"""INSERT INTO influencers_socialaccount (public_id, created_at, updated_at, profile_id, platform, handle,
                    platform_id, display_name, profile_url, verification, verification_method, verified_at, bio_code,
                    evidence, evidence_note, review_note, status, followers, followers_measured_at, last_error)
                SELECT {uuid}, {now}, {now}, p.id, 'instagram', 'akun' || p.id, '', '', 'https://instagram.com/x',
                       'verified', 'bio_code', {now}, '', '', '', '', 'active', (p.id * 7919) % 2000, {now}, ''
                FROM influencers_asnprofile p"""
        )
        if postgres:
            cursor.execute("ANALYZE")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--engine", choices=["sqlite", "postgres"], default="postgres")
    parser.add_argument("--accounts", type=int, default=1_000_000)
    args = parser.parse_args()
    _url, cleanup = prepare_database(args.engine, "eligibility")
    try:
        from tangkal.influencers.eligibility import eligibility_recompute, policy_current
        from tangkal.influencers.models import ASNProfile, EligibilityPolicy

        t0 = time.perf_counter()
        load(args.accounts)
        print(f"loaded {args.accounts:,} ASN and accounts in {time.perf_counter() - t0:.1f}s", flush=True)
        t0 = time.perf_counter()
        first = eligibility_recompute(policy=policy_current())
        initial = time.perf_counter() - t0
        eligible_v1 = ASNProfile.objects.filter(eligible=True).count()
        print(f"first recompute: {first:,} decisions in {initial:.1f}s; eligible {eligible_v1:,}", flush=True)
        policy = EligibilityPolicy.objects.create(version=2, threshold=600, note="benchmark")
        t0 = time.perf_counter()
        changed = eligibility_recompute(policy=policy)
        after_change = time.perf_counter() - t0
        eligible_v2 = ASNProfile.objects.filter(eligible=True).count()
        print(f"after policy change: {changed:,} decisions in {after_change:.1f}s; eligible {eligible_v2:,}")
        t0 = time.perf_counter()
        again = eligibility_recompute(policy=policy)
        steady = time.perf_counter() - t0
        print()
        print(f"machine: {machine()}")
        print("| engine | accounts | first recompute (s) | recompute after policy change (s) | decisions stored | "
              "recompute with nothing changed (s) | peak RSS (MB) |")
        print("|---|---|---|---|---|---|---|")
        print(f"| {args.engine} | {args.accounts:,} | {initial:.1f} | {after_change:.1f} | {changed:,} | "
              f"{steady:.1f} ({again} stored) | {peak_rss_mb():.0f} |")
    finally:
        cleanup()


if __name__ == "__main__":
    main()
