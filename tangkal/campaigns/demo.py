"""Demo: one launched counter-hoax campaign with assignments, posts and clicks. Skipped politely
when the demo has no published clarification or no badge holder to target."""

from __future__ import annotations

from datetime import timedelta

DEMO_HEADLINE_MARK = "[demo]"


def seed(ctx) -> None:
    from django.utils import timezone

    from tangkal.accounts.models import User
    from tangkal.campaigns import launch, services
    from tangkal.campaigns.models import Assignment, Campaign, ClickDaily, PostSubmission
    from tangkal.campaigns.targeting import Criteria, targeted_profiles, verified_accounts

    if Campaign.objects.filter(body__startswith=DEMO_HEADLINE_MARK).exists():
        ctx.say("kampanye demo sudah ada")
        return
    try:
        from tangkal.hoaxes.models import Clarification
    except ImportError:  # pragma: no cover
        ctx.say("kampanye demo dilewati: modul klarifikasi belum ada")
        return
    clarification = (Clarification.objects.filter(status=Clarification.Status.PUBLISHED, is_external=False)
                     .order_by("-published_at").first())
    author = User.objects.filter(email="verifikator@komdigi.go.id").first()
    approver = User.objects.filter(email="admin@komdigi.go.id").first()
    if clarification is None or author is None or approver is None:
        ctx.say("kampanye demo dilewati: belum ada klarifikasi terbit")
        return
    if not targeted_profiles(Criteria()).exists():
        ctx.say("kampanye demo dilewati: belum ada pemegang lencana aktif untuk disasar")
        return
    campaign = services.campaign_create(by=author, kind=Campaign.Kind.COUNTER_HOAX,
                                        clarification_public_id=clarification.public_id,
                                        body=f"{DEMO_HEADLINE_MARK} {clarification.body}"[:10000])
    services.campaign_submit(campaign=campaign, by=author)
    services.campaign_approve(campaign=campaign, by=approver)
    launch.campaign_launch(campaign=campaign, by=approver)
    # Move the launch three hours back so the dashboard has a timeline.
    launched = timezone.now() - timedelta(hours=3)
    Campaign.objects.filter(pk=campaign.pk).update(launched_at=launched, deadline_at=launched + timedelta(hours=6))
    Assignment.objects.filter(campaign=campaign).update(created_at=launched, deadline_at=launched + timedelta(hours=6))
    assignments = list(Assignment.objects.filter(campaign=campaign).select_related("user"))
    posted = 0
    for number, assignment in enumerate(assignments):
        account = verified_accounts().filter(profile__user=assignment.user).order_by("-followers").first()
        if account is None or number % 3 == 2:
            continue
        minutes = ctx.rng.randint(4, 150)
        post_id = ctx.rng.randint(10**17, 10**18)
        url = {"x": f"https://x.com/{account.handle}/status/{post_id}",
               "tiktok": f"https://www.tiktok.com/@{account.handle}/video/{post_id}"}.get(
            account.platform, f"https://www.{account.platform}.com/{account.handle}/posts/{post_id}")
        PostSubmission.objects.create(assignment=assignment, platform=account.platform, url=url,
                                      normalized_url=url, account_public_id=account.public_id,
                                      account_label=account.label, followers=account.followers or 0)
        Assignment.objects.filter(pk=assignment.pk).update(status=Assignment.Status.POSTED,
                                                          posted_at=launched + timedelta(minutes=minutes))
        for channel in ("x", "whatsapp", ""):
            clicks = ctx.rng.randint(5, 400)
            ClickDaily.objects.create(assignment=assignment, day=timezone.localdate(), channel=channel,
                                      clicks=clicks, unique_visitors=int(clicks * 0.7),
                                      bot_clicks=ctx.rng.randint(0, 20))
        posted += 1
    ctx.say(f"kampanye demo “{campaign.headline}”: {len(assignments)} penugasan, {posted} sudah membagikan")
