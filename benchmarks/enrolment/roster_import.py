"""Roster import of N rows (default 1,000,000): validate (dry run) then commit, then import again.

    .venv/bin/python benchmarks/enrolment/roster_import.py --engine sqlite --rows 1000000
    .venv/bin/python benchmarks/enrolment/roster_import.py --engine postgres --rows 1000000

Prints a Markdown table row: engine, rows, validate s, commit s, total s, re-import s, peak RSS MB and
RSS sampled while validating (to show it stays flat).
"""

from __future__ import annotations

import argparse
import csv
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import machine, peak_rss_mb, prepare_database, rss_mb  # noqa: E402

AGENCIES = ["kemenkes", "kemendagri", "komdigi", "kemenag", "bnpb", "bmkg"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--engine", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--bad", action="store_true", help="every row has a malformed NIP: only the dry run")
    args = parser.parse_args()
    _url, cleanup = prepare_database(args.engine, "roster")
    try:
        run(args)
    finally:
        cleanup()


def run(args) -> None:
    from django.core.files import File

    from tangkal.accounts.models import Agency, Role, User
    from tangkal.influencers.models import ASNProfile, RosterImport
    from tangkal.influencers.roster import roster_commit, roster_upload, roster_validate

    domains = {a.code: a.email_domains.split(",")[0].strip() for a in Agency.objects.filter(code__in=AGENCIES)}
    admin = User.objects.create_user("bench@komdigi.go.id", "x" * 12, role=Role.ADMIN)
    tmp = Path(tempfile.mkdtemp(prefix="tangkal-roster-"))
    source = tmp / "roster.csv"
    started = time.perf_counter()
    write_nips(source, args.rows, domains, bad=args.bad)
    print(f"generated {args.rows:,} rows ({source.stat().st_size / 1e6:.0f} MB) in "
          f"{time.perf_counter() - started:.1f}s", flush=True)

    samples: list[float] = []
    stop = threading.Event()

    def sample():
        while not stop.is_set():
            samples.append(rss_mb())
            time.sleep(1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()

    def one_import(label: str) -> tuple[float, float, RosterImport]:
        with source.open("rb") as fh:
            imp = roster_upload(upload=File(fh, name="roster.csv"), by=admin, agency=None)
        t0 = time.perf_counter()
        imp = roster_validate(roster_import=imp)
        validate = time.perf_counter() - t0
        assert imp.status == RosterImport.Status.VALIDATED, (imp.status, imp.file_error, imp.error_counts)
        RosterImport.objects.filter(pk=imp.pk).update(status=RosterImport.Status.COMMITTING)
        t0 = time.perf_counter()
        imp = roster_commit(roster_import=imp)
        commit = time.perf_counter() - t0
        print(f"{label}: validate {validate:.1f}s, commit {commit:.1f}s, created {imp.rows_created:,}, "
              f"updated {imp.rows_updated:,}, unchanged {imp.rows_unchanged:,}", flush=True)
        return validate, commit, imp

    if args.bad:
        with source.open("rb") as fh:
            imp = roster_upload(upload=File(fh, name="roster.csv"), by=admin, agency=None)
        t0 = time.perf_counter()
        imp = roster_validate(roster_import=imp)
        took = time.perf_counter() - t0
        stop.set()
        print(f"machine: {machine()}")
        print("| engine | bad rows | validate (s) | status | rows reported | error report (MB) | saved | peak RSS (MB) |")
        print("|---|---|---|---|---|---|---|---|")
        print(f"| {args.engine} | {imp.rows_invalid:,} | {took:.1f} | {imp.status} | "
              f"{sum(imp.error_counts.values()):,} | {imp.error_report.size / 1e6:.1f} | "
              f"{ASNProfile.objects.count()} | {peak_rss_mb():.0f} |")
        return
    v1, c1, first = one_import("first import")
    assert ASNProfile.objects.count() == args.rows == first.rows_created
    v2, c2, second = one_import("same file again")
    assert second.rows_unchanged == args.rows and second.rows_created == 0 and second.rows_updated == 0
    stop.set()
    sampler.join()
    steady = samples[len(samples) // 10:] or samples
    print()
    print(f"machine: {machine()}")
    print("| engine | rows | validate (s) | commit (s) | total (s) | re-import total (s) | peak RSS (MB) | "
          "RSS while running min–max (MB) |")
    print("|---|---|---|---|---|---|---|---|")
    print(f"| {args.engine} | {args.rows:,} | {v1:.1f} | {c1:.1f} | {v1 + c1:.1f} | {v2 + c2:.1f} | "
          f"{peak_rss_mb():.0f} | {min(steady):.0f}–{max(steady):.0f} |")


def write_nips(path: Path, rows: int, domains: dict[str, str], *, bad: bool = False) -> None:
    """Unique, valid NIPs: birth date and start date vary, the sequence takes the rest."""
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["nip", "nama", "instansi", "unit", "email", "angkatan"])
        for i in range(rows):
            year = 1965 + i % 35
            month = 1 + (i // 35) % 12
            day = 1 + (i // 420) % 28
            start = year + 20 + (i // 11760) % 8
            seq = 1 + (i // 94080) % 999
            sex = 1 + (i // 94080 // 999) % 2
            nip = f"{year}{month:02d}{day:02d}{start}{1 + i % 12:02d}{sex}{seq:03d}"
            if bad:
                nip = nip[:17] + "X"
            agency = AGENCIES[i % len(AGENCIES)]
            writer.writerow([nip, f"ASN {i}", agency, f"Unit {i % 40}", f"asn{i}@{domains[agency]}",
                             f"CPNS {2015 + i % 10}"])


if __name__ == "__main__":
    main()
