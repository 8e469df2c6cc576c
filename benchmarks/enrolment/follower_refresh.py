"""Follower refresh against the stand-in platform server with two worker processes.

    .venv/bin/python benchmarks/enrolment/follower_refresh.py --accounts 3000 --budget 40/1s --seconds 10

Phase 1 (throughput): two workers refresh every due account with a budget too large to matter;
reports accounts per second per worker. Phase 2 (budget): two workers share a small budget for a
fixed time; the proof is (a) no budget window was spent beyond its limit, (b) the stand-in saw
exactly as many requests as were spent, and (c) the stand-in's own per-window request counts.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, machine, prepare_database  # noqa: E402


def worker(seconds: float) -> None:
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from tangkal.influencers.refresh import refresh_due

    started = time.perf_counter()
    stats = refresh_due(platform="x", max_seconds=seconds)
    stats["elapsed"] = time.perf_counter() - started
    print(json.dumps(stats), flush=True)


def run_workers(n: int, seconds: float, rate: str) -> list[dict]:
    env = {**os.environ, "CONNECTOR_X_RATE": rate}
    procs = [subprocess.Popen([sys.executable, __file__, "--worker", str(seconds)], cwd=ROOT, env=env,
                              stdout=subprocess.PIPE, text=True) for _i in range(n)]
    results = []
    for proc in procs:
        out, _err = proc.communicate(timeout=seconds * 20 + 600)
        results.append(json.loads(out.strip().splitlines()[-1]))
    return results


def make_due(count: int, offset: int) -> None:
    from django.utils import timezone

    from tangkal.accounts.models import Agency
    from tangkal.influencers.models import ASNProfile, SocialAccount

    agency = Agency.objects.get(code="kemenkes")
    past = timezone.now() - timedelta(minutes=1)
    profiles = ASNProfile.objects.bulk_create(
        [ASNProfile(agency=agency, nip=f"1990{offset + i:014d}", full_name=f"ASN {i}") for i in range(count)])
    SocialAccount.objects.bulk_create([
        SocialAccount(profile=p, platform="x", handle=f"akun{offset + i}_{600 + i % 900}", verification="verified",
                      profile_url="https://x.com/a", next_refresh_at=past, followers=1)
        for i, p in enumerate(profiles)])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--worker", type=float)
    parser.add_argument("--engine", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--accounts", type=int, default=2000)
    parser.add_argument("--budget", default="40/1s")
    parser.add_argument("--seconds", type=float, default=10)
    args = parser.parse_args()
    if args.worker is not None:
        worker(args.worker)
        return
    _url, cleanup = prepare_database(args.engine, "refresh")
    from tangkal.connectors.standin.app import StandIn, serve_in_thread

    app = StandIn()
    server, base = serve_in_thread(0, app)
    os.environ["PLATFORM_STANDIN_URL"] = base
    try:
        from tangkal.connectors.models import RateWindow
        from tangkal.core.ratelimit import parse_rate

        make_due(args.accounts, 0)
        results = run_workers(2, 600, "1000000/1s")
        rates = [r["measured"] / r["elapsed"] for r in results]
        print(f"phase 1: {[r['measured'] for r in results]} accounts in "
              f"{[round(r['elapsed'], 1) for r in results]} s", flush=True)
        RateWindow.objects.all().delete()
        app.requests.clear()
        make_due(args.accounts, 10_000_000)
        limit, window = parse_rate(args.budget)
        budget_results = run_workers(2, args.seconds, args.budget)
        seen = app.requests.get("x", [])
        spent = list(RateWindow.objects.filter(platform="x").values_list("window", "used"))
        observed = Counter(int(t // window) for t in seen)
        print()
        print(f"machine: {machine()}")
        print("| phase | workers | accounts measured | per worker (accounts/s) | budget | max spent in a window | "
              "stand-in requests = spent | max requests the stand-in saw in a window |")
        print("|---|---|---|---|---|---|---|---|")
        print(f"| throughput ({args.engine}) | 2 | {sum(r['measured'] for r in results):,} | "
              f"{' / '.join(f'{r:.0f}' for r in rates)} | unlimited | – | – | – |")
        print(f"| shared budget ({args.engine}) | 2 | {sum(r['measured'] for r in budget_results):,} in "
              f"{args.seconds:.0f} s | {' / '.join(str(r['measured']) for r in budget_results)} (total) | "
              f"{limit}/{window}s | {max(u for _w, u in spent)} | {len(seen) == sum(u for _w, u in spent)} "
              f"({len(seen)}) | {max(observed.values())} |")
        assert max(u for _w, u in spent) <= limit
    finally:
        server.shutdown()
        cleanup()


if __name__ == "__main__":
    main()
