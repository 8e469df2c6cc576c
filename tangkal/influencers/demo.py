"""Demo: ~200 ASN across the demo agencies with accounts and 60 days of follower history.

Handles end in `_<followers>` so the stand-in platform server reports the same counts when the
demo refreshes them. The demo influencer (influencer@kemkes.go.id) is an eligible ASN of
Kementerian Kesehatan with two verified accounts. Idempotent: existing NIPs are left alone.
"""

from __future__ import annotations

import random
from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from tangkal.accounts.models import Agency, Role, User
from tangkal.core.demo import DEMO_PASSWORD
from tangkal.influencers.eligibility import eligibility_recompute, policy_current
from tangkal.influencers.models import (
    AnomalyFlag,
    ASNProfile,
    Cohort,
    Consent,
    FollowerSnapshot,
    SocialAccount,
    Stage,
    Verification,
)
from tangkal.influencers.social import first_refresh_at

FIRST = ["Siti", "Budi", "Dewi", "Agus", "Rina", "Andi", "Putri", "Rudi", "Ayu", "Hendra", "Wulan", "Fajar",
         "Indah", "Yoga", "Lestari", "Bayu", "Nur", "Dimas", "Ratna", "Arif", "Maya", "Eko", "Sari", "Teguh",
         "Nadia", "Rizky", "Fitri", "Iwan", "Melati", "Gilang"]
LAST = ["Pratama", "Saputra", "Wijaya", "Hidayat", "Nugroho", "Lestari", "Kusuma", "Santoso", "Siregar",
        "Nasution", "Hutapea", "Rahmawati", "Purnomo", "Wibowo", "Syahputra", "Ramadhan", "Anggraini",
        "Setiawan", "Halim", "Simanjuntak", "Tanjung", "Manurung", "Daulay", "Pangaribuan"]
UNITS = ["Biro Hubungan Masyarakat", "Sekretariat", "Bagian Umum", "Pusat Data dan Informasi", "Dinas Kominfo",
         "Bidang Pelayanan", "Inspektorat", "Biro Perencanaan"]
PLATFORMS = ["instagram", "tiktok", "x", "facebook", "youtube"]
PROFILE_URL = {"instagram": "https://www.instagram.com/{h}/", "tiktok": "https://www.tiktok.com/@{h}",
               "x": "https://x.com/{h}", "facebook": "https://www.facebook.com/{h}",
               "youtube": "https://www.youtube.com/@{h}"}
DEMO_ASN = 200
GRADUATE = ("lulusan@kemkes.go.id", "Bagus Pratama")  # the training demo's graduate
HISTORY_DAYS = 60


def _nip(rng: random.Random) -> str:
    birth_year = rng.randint(1970, 2000)
    start_year = min(birth_year + rng.randint(22, 30), 2024)
    return (f"{birth_year}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
            f"{start_year}{rng.randint(1, 12):02d}{rng.choice('12')}{rng.randint(1, 999):03d}")


def _handle(platform: str, first: str, last: str, n: int, followers: int) -> str:
    """A unique, valid handle for the platform that ends in `_<followers>` (`.<followers>` on
    Facebook), the suffix the stand-in server reads back as the exact follower count."""
    limit = {"x": 15, "tiktok": 24, "facebook": 50}.get(platform, 30)
    base = f"{first[:4]}{n:03d}" if platform == "x" else f"{first}{n:03d}.{last}"
    suffix = f"{'.' if platform == 'facebook' else '_'}{followers}"
    return base[: limit - len(suffix)].rstrip("._") + suffix


def _domain(agency: Agency) -> str:
    return (agency.email_domains.split(",")[0].strip() or "go.id").lower()


def _history(account: SocialAccount, final: int, rng: random.Random, now) -> list[FollowerSnapshot]:
    start = int(final * rng.uniform(0.75, 0.97))
    snaps = []
    for day in range(HISTORY_DAYS, -1, -3):
        share = 1 - day / HISTORY_DAYS
        value = final if day == 0 else int(start + (final - start) * share + rng.randint(-3, 3))
        snaps.append(FollowerSnapshot(account=account, measured_at=now - timedelta(days=day), followers=max(value, 0),
                                      source=FollowerSnapshot.Source.DEMO))
    return snaps


def _add_account(profile, platform, handle, followers, *, verified, method, rng, now, snapshots,
                 verification=None) -> SocialAccount:
    account = SocialAccount.objects.create(
        profile=profile, platform=platform, handle=handle, profile_url=PROFILE_URL[platform].format(h=handle),
        verification=verification or (Verification.VERIFIED if verified else Verification.UNVERIFIED),
        verification_method=method if verified else "", verified_at=now - timedelta(days=20) if verified else None,
        followers=followers, followers_measured_at=now, account_created_at=now - timedelta(days=rng.randint(400, 3000)),
    )
    account.next_refresh_at = first_refresh_at(account.pk, now)
    account.save(update_fields=["next_refresh_at"])
    snapshots.extend(_history(account, followers, rng, now))
    return account


def _consent(profile, now) -> list[Consent]:
    return [Consent(profile=profile, kind=kind, version="2026-01") for kind in Consent.Kind.values]


def seed(ctx) -> None:
    rng = random.Random(2026)
    now = timezone.now()
    policy_current()
    agencies = list(ctx.agencies) or list(Agency.objects.filter(code="kemenkes"))
    if not agencies:
        return
    password = make_password(DEMO_PASSWORD)
    snapshots: list[FollowerSnapshot] = []
    consents: list[Consent] = []
    created_ids: list[int] = []

    # The demo influencer: Kementerian Kesehatan, two verified accounts, eligible.
    demo_user = ctx.users.get("influencer@kemkes.go.id") or User.objects.filter(email="influencer@kemkes.go.id").first()
    kemenkes = Agency.objects.filter(code="kemenkes").first()
    if demo_user is not None and kemenkes is not None and not ASNProfile.objects.filter(user=demo_user).exists():
        cohort, _c = Cohort.objects.get_or_create(agency=kemenkes, name="CPNS 2019", defaults={"intake_year": 2019})
        profile = ASNProfile.objects.create(
            user=demo_user, agency=kemenkes, nip="199203142019032004", full_name=demo_user.full_name or "Siti",
            unit="Biro Komunikasi dan Informasi Publik", email=demo_user.email, email_verified_at=now,
            cohort=cohort, stage=Stage.REGISTERED,
        )
        _add_account(profile, "instagram", "siti.sehat_1850", 1850, verified=True, method="bio_code", rng=rng,
                     now=now, snapshots=snapshots)
        _add_account(profile, "youtube", "sitisehat_640", 640, verified=True, method="oauth", rng=rng, now=now,
                     snapshots=snapshots)
        _add_account(profile, "tiktok", "siti.nurhaliza_420", 420, verified=False, method="", rng=rng, now=now,
                     snapshots=snapshots)
        consents += _consent(profile, now)
        created_ids.append(profile.pk)

    # The training demo's graduate is an eligible ASN too (the badge needs both).
    graduate = User.objects.filter(email=GRADUATE[0]).first()
    if kemenkes is not None and graduate is None:
        graduate = User(email=GRADUATE[0], password=password, role=Role.INFLUENCER, agency=kemenkes,
                        full_name=GRADUATE[1])
        graduate.save()
    if kemenkes is not None and graduate is not None and not ASNProfile.objects.filter(user=graduate).exists():
        profile = ASNProfile.objects.create(
            user=graduate, agency=kemenkes, nip="199407222020121002", full_name=graduate.full_name or GRADUATE[1],
            unit="Direktorat Promosi Kesehatan", email=graduate.email, email_verified_at=now, stage=Stage.REGISTERED,
        )
        _add_account(profile, "instagram", "bagus.sehat_2400", 2400, verified=True, method="bio_code", rng=rng,
                     now=now, snapshots=snapshots)
        consents += _consent(profile, now)
        created_ids.append(profile.pk)

    existing = set(ASNProfile.objects.values_list("nip", flat=True))
    cohorts: dict[tuple[int, str], Cohort] = {}
    for n in range(1, DEMO_ASN + 1):
        rng = random.Random(f"tangkal-demo-asn-{n}")  # one stream per ASN: skipping one changes no other
        agency = agencies[(n - 1) % len(agencies)]
        nip = _nip(rng)
        first, last = rng.choice(FIRST), rng.choice(LAST)
        email = f"asn{n:03d}@{_domain(agency)}"
        # Draw everything before deciding to skip, so a second run draws the same values.
        year = rng.choice([2019, 2021, 2023])
        n_accounts = rng.choice([0, 1, 1, 2, 2, 3]) if n % 10 else 0
        plans = [(rng.choice(PLATFORMS), int(rng.lognormvariate(6.2, 0.9)), rng.random()) for _i in range(n_accounts)]
        unit = rng.choice(UNITS)
        if nip in existing or ASNProfile.objects.filter(email=email).exists() or User.objects.filter(email=email).exists():
            continue
        key = (agency.pk, f"CPNS {year}")
        if key not in cohorts:
            cohorts[key], _c = Cohort.objects.get_or_create(agency=agency, name=key[1], defaults={"intake_year": year})
        enrolled = n % 10 != 0  # one in ten only imported from the roster, waiting for an invitation
        user = None
        if enrolled:
            user = User(email=email, password=password, role=Role.INFLUENCER, agency=agency,
                        full_name=f"{first} {last}")
            user.save()
            ctx.users[email] = user
        profile = ASNProfile.objects.create(
            user=user, agency=agency, nip=nip, full_name=f"{first} {last}", unit=unit, email=email,
            email_verified_at=now if enrolled else None, cohort=cohorts[key], region=agency.region,
            stage=Stage.REGISTERED if enrolled else Stage.IMPORTED,
        )
        existing.add(nip)
        if enrolled:
            consents += _consent(profile, now)
        used: set[str] = set()
        for index, (platform, followers, luck) in enumerate(plans):
            if platform in used:
                continue
            used.add(platform)
            handle = _handle(platform, first.lower(), last.lower(), n, followers)
            state = Verification.VERIFIED if luck < 0.75 else (
                Verification.PENDING_EVIDENCE if luck < 0.85 else Verification.UNVERIFIED)
            account = _add_account(profile, platform, handle, followers, verified=state == Verification.VERIFIED,
                                   method=rng.choice(["bio_code", "bio_code", "evidence"]), rng=rng, now=now,
                                   snapshots=snapshots, verification=state)
            if index == 0 and n % 23 == 0:
                AnomalyFlag.objects.create(account=account, kind=AnomalyFlag.Kind.JUMP,
                                           detail={"from": max(followers // 3, 1), "to": followers, "hours": 72})
        created_ids.append(profile.pk)
    FollowerSnapshot.objects.bulk_create(snapshots, batch_size=2000)
    Consent.objects.bulk_create(consents, ignore_conflicts=True)
    if created_ids:
        eligibility_recompute(profile_ids=created_ids)
        eligible = ASNProfile.objects.filter(pk__in=created_ids, eligible=True).count()
        ctx.say(f"{len(created_ids)} ASN demo ({eligible} memenuhi syarat ≥500 pengikut), "
                f"email asnNNN@<domain instansi>; influencer@kemkes.go.id memenuhi syarat")
