"""Helpers for tests, the access-test world, the demo and benchmarks: influencers ready to be
targeted (an eligible ASN profile, verified accounts, a live badge) without the other apps' flows."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone


def make_targetable(user, *, accounts=(("x", None, 1500),), region=None, badge: bool = True, eligible: bool = True,
                    badge_status: str = "active", badge_valid_days: int = 365, nip: str | None = None):
    """An ASNProfile for `user` with verified accounts [(platform, handle or None, followers)] and a badge."""
    from tangkal.influencers.models import ASNProfile, SocialAccount, Stage, Verification

    now = timezone.now()
    profile = ASNProfile.objects.create(
        user=user, agency=user.agency, nip=nip or f"19900101201501{user.pk % 10000:04d}",
        full_name=str(user), region=region, stage=Stage.BADGED if badge else Stage.ELIGIBLE,
        eligible=eligible, counted_followers=max((f for _p, _h, f in accounts), default=0),
    )
    for platform, handle, followers in accounts:
        handle = handle or f"{user.email.split('@')[0].replace('.', '_')}_{user.pk}"
        SocialAccount.objects.create(
            profile=profile, platform=platform, handle=handle.lower(),
            profile_url=f"https://{platform}.com/{handle}", verification=Verification.VERIFIED,
            verified_at=now, followers=followers, followers_measured_at=now,
        )
    if badge:
        from tangkal.badges.models import Badge

        Badge.objects.create(holder=user, agency=user.agency, status=badge_status,
                             valid_from=now - timedelta(days=1), valid_until=now + timedelta(days=badge_valid_days),
                             issued_at=now)
    return profile
