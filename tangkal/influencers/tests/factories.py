"""Small builders for enrolment tests."""

from __future__ import annotations

import itertools
from datetime import timedelta

from django.utils import timezone

from tangkal.accounts.models import Role, User
from tangkal.influencers.models import ASNProfile, FollowerSnapshot, SocialAccount, Stage, Verification

_seq = itertools.count(1)


def nip(n: int | None = None) -> str:
    n = next(_seq) if n is None else n
    return f"19900115201903{1 + n % 2}{n % 999 + 1:03d}"


def asn(agency, *, user=None, email=None, stage=Stage.REGISTERED, **extra) -> ASNProfile:
    n = next(_seq)
    if user is None and stage != Stage.IMPORTED:
        user = User.objects.create_user(email or f"asn{n}@a.go.id", "kata-sandi-uji-123", role=Role.INFLUENCER,
                                        agency=agency, full_name=f"ASN {n}")
    return ASNProfile.objects.create(user=user, agency=agency, nip=extra.pop("nip", nip(n)), full_name=f"ASN {n}",
                                     email=(user.email if user else email or f"asn{n}@a.go.id"), stage=stage, **extra)


def account(profile, platform="instagram", handle=None, *, followers=None, verified=True, measured_days_ago=0,
            **extra) -> SocialAccount:
    now = timezone.now()
    handle = handle or f"akun{next(_seq)}"
    created = SocialAccount.objects.create(
        profile=profile, platform=platform, handle=handle, profile_url=f"https://example.org/{handle}",
        verification=Verification.VERIFIED if verified else Verification.UNVERIFIED,
        verified_at=now if verified else None, followers=followers,
        followers_measured_at=now - timedelta(days=measured_days_ago) if followers is not None else None, **extra,
    )
    if followers is not None:
        FollowerSnapshot.objects.create(account=created, followers=followers, measured_at=created.followers_measured_at)
    return created
