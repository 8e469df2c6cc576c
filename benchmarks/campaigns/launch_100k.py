"""Launch one campaign to N targetable influencers and time it (assignments + in-app notifications
created, one email/Telegram task per batch queued). Run through run_launch.sh on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tangkal_bench_campaigns \
        .venv/bin/python benchmarks/campaigns/launch_100k.py --influencers 100000
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tangkal.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth.hashers import make_password  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402


def insert_series(model, n: int, offset: int, exprs: dict[str, str], params: dict[str, object] | None = None) -> None:
    """INSERT … SELECT over generate_series: one statement for n rows. `exprs` gives SQL (in terms of
    the series value `i`) for some columns; every other column takes the field's constant default."""
    columns, values, args = [], [], []
    for field in model._meta.concrete_fields:
        if field.primary_key and field.name not in exprs:
            continue
        columns.append(field.column)
        if field.name in exprs:
            values.append(exprs[field.name].replace("%", "%%"))
            continue
        default = field.get_default()
        if field.has_default() and callable(field.default) and field.name not in (params or {}):
            raise RuntimeError(f"{model.__name__}.{field.name} needs an SQL expression")
        value = (params or {}).get(field.name, default)
        values.append("%s")
        args.append(field.get_db_prep_save(value, connection))
    sql = (f"INSERT INTO {model._meta.db_table} ({', '.join(columns)}) "
           f"SELECT {', '.join(values)} FROM generate_series({offset}, {offset + n - 1}) AS i")
    with connection.cursor() as cursor:
        cursor.execute(sql, args)


def seed(n: int) -> None:
    """N influencers of 20 agencies in 38 provinces, each with one verified account and a live badge."""
    from tangkal.accounts.models import Agency, Region, Role, User
    from tangkal.badges.models import Badge
    from tangkal.influencers.models import ASNProfile, SocialAccount, Stage, Verification

    agencies = list(Agency.objects.order_by("pk").values_list("pk", flat=True)[:20]) or [
        Agency.objects.create(code="bench", name="Bench", kind="agency").pk]
    regions = list(Region.objects.filter(level="province").order_by("code").values_list("code", flat=True)[:38])
    agency_sql = f"(ARRAY{agencies})[1 + i % {len(agencies)}]"
    region_sql = f"(ARRAY{regions})[1 + i % {len(regions)}]" if regions else "NULL"
    now = timezone.now()
    with transaction.atomic():
        insert_series(User, n, 0, {
            "email": "'asn' || i || '@bench.go.id'", "full_name": "'ASN ' || i", "agency": agency_sql,
        }, {"password": make_password(None), "role": Role.INFLUENCER, "date_joined": now, "is_active": True})
        user_of = "(SELECT id FROM accounts_user WHERE email = 'asn' || i || '@bench.go.id')"
        insert_series(ASNProfile, n, 0, {
            "public_id": "gen_random_uuid()", "user": user_of, "agency": agency_sql, "region": region_sql,
            "nip": "'199001012015' || lpad(i::text, 6, '0')", "full_name": "'ASN ' || i",
            "counted_followers": "500 + (i * 37) % 200000",
        }, {"stage": Stage.BADGED, "eligible": True, "is_active": True, "created_at": now, "updated_at": now})
        profile_of = f"(SELECT id FROM influencers_asnprofile WHERE user_id = {user_of})"
        insert_series(SocialAccount, n, 0, {
            "public_id": "gen_random_uuid()", "profile": profile_of,
            "platform": "(ARRAY['x','instagram','facebook','tiktok','youtube'])[1 + i % 5]",
            "handle": "'asn_' || i", "profile_url": "'https://example.com/asn_' || i",
            "followers": "500 + (i * 37) % 200000",
        }, {"verification": Verification.VERIFIED, "verified_at": now, "followers_measured_at": now,
            "created_at": now, "updated_at": now})
        insert_series(Badge, n, 0, {
            "public_id": "gen_random_uuid()", "holder": user_of, "agency": agency_sql,
            "short_code": "substr(md5(random()::text || i), 1, 12)",
        }, {"status": Badge.Status.ACTIVE, "valid_from": now, "valid_until": now + timedelta(days=365),
            "issued_at": now, "created_at": now, "updated_at": now})
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"  seeded {n:,} influencers", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--influencers", type=int, default=100_000)
    parser.add_argument("--skip-seed", action="store_true")
    args = parser.parse_args()
    from django_tasks_db.models import DBTaskResult

    from tangkal.accounts.models import Role, User
    from tangkal.campaigns import launch, services
    from tangkal.campaigns.models import Assignment, Notification

    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    if not args.skip_seed:
        t = time.perf_counter()
        seed(args.influencers)
        print(f"seed: {time.perf_counter() - t:.1f} s")
    author = User.objects.get_or_create(email="penulis@bench.go.id", defaults={"role": Role.VERIFIER})[0]
    approver = User.objects.get_or_create(email="penyetuju@bench.go.id", defaults={"role": Role.ADMIN})[0]
    campaign = services.campaign_create(
        by=author, kind="information", headline="Pendaftaran CPNS hanya lewat sscasn.bkn.go.id",
        summary="Pendaftaran CPNS hanya melalui situs resmi dan gratis. Waspadai pihak yang meminta bayaran.",
        link_url="https://sscasn.bkn.go.id/")
    t = time.perf_counter()
    services.campaign_submit(campaign=campaign, by=author)
    campaign.refresh_from_db()
    print(f"estimate before launch: {campaign.estimated_influencers:,} influencers, reach "
          f"{campaign.estimated_reach:,} ({time.perf_counter() - t:.2f} s)")
    services.campaign_approve(campaign=campaign, by=approver)
    tasks_before = DBTaskResult.objects.count()
    t = time.perf_counter()
    launch.campaign_launch(campaign=campaign, by=approver)  # commits, then queues the batch tasks
    elapsed = time.perf_counter() - t
    assignments = Assignment.objects.filter(campaign=campaign).count()
    notifications = Notification.objects.filter(campaign=campaign).count()
    queued = DBTaskResult.objects.count() - tasks_before
    print(f"launch: {elapsed:.2f} s — {assignments:,} assignments, {notifications:,} in-app notifications, "
          f"{queued} email/Telegram batch tasks queued")
    t = time.perf_counter()
    try:
        launch.campaign_launch(campaign=campaign, by=approver)
    except launch.AlreadyLaunched:
        print(f"second launch refused in {time.perf_counter() - t:.3f} s; assignments still "
              f"{Assignment.objects.filter(campaign=campaign).count():,}")


if __name__ == "__main__":
    main()
