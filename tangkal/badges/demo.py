"""Demo badges: issued to the demo ASN whose prerequisites are met; the others are skipped politely."""

from __future__ import annotations

CANDIDATES = ["influencer@kemkes.go.id", "lulusan@kemkes.go.id"]


def seed(ctx) -> None:
    from tangkal.accounts.models import User
    from tangkal.badges import prerequisites, services
    from tangkal.badges.credentials import credential_url, short_url
    from tangkal.badges.models import Badge

    coordinator = User.objects.filter(email="koordinator@kemkes.go.id").first()
    for email in CANDIDATES:
        holder = User.objects.filter(email=email).first()
        if holder is None:
            continue
        badge = Badge.objects.filter(holder=holder, status__in=Badge.LIVE_STATUSES).first()
        if badge is None:
            report = prerequisites.check(holder)
            if not report.ok:
                ctx.say(f"lencana untuk {email} dilewati: {' '.join(report.problems)}")
                continue
            badge = services.badge_request(holder=holder, by=holder, show_accounts_publicly=True)
        if badge.status == Badge.Status.PENDING and coordinator is not None:
            try:
                badge = services.badge_approve(badge=badge, by=coordinator)
            except services.BadgeError as exc:
                ctx.say(f"lencana untuk {email} menunggu persetujuan: {exc.message}")
                continue
        if badge.credential:
            ctx.say(f"lencana demo {email}: {credential_url(badge)} (tautan bio {short_url(badge)})")
