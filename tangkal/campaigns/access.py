"""Who may reach each of this app's routes; the access test walks every route against this list.

The shared world has campaigns of agency A created by coord_a (so coord_a can never approve
them, and coord_b never sees them), and an assignment of the shared influencer.
"""

from datetime import timedelta

from tangkal.core.access import ADMIN, ADMIN_COORD_A, EVERYONE, INFLUENCER, SIGNED_IN, STAFF, Route

VIEWERS_A = frozenset({"admin", "verifier", "coord_a"})
CODE = "a1b2c3d4e5f6"


def build(world) -> None:
    if hasattr(world, "campaign_launched"):
        return
    from django.utils import timezone

    from tangkal.campaigns import kit
    from tangkal.campaigns.models import Assignment, BlackoutWindow, Campaign, WatchWord

    now = timezone.now()

    def make(status, **extra):
        texts = kit.build(kind="information", stamp="INFO", headline="Info uji", summary="Pesan uji akses.",
                          hashtags=["#Uji"], disclosure="#InfoASN")
        return Campaign.objects.create(
            kind="information", status=status, agency=world.agency_a, stamp="INFO", headline=f"Info uji {status}",
            summary="Pesan uji akses.", link_url="https://example.go.id/info", disclosure="#InfoASN",
            created_by=world.coord_a, kit=texts, **extra)

    world.campaign_draft = make("draft")
    world.campaign_pending = make("pending_approval", submitted_at=now)
    world.campaign_approved = make("approved", approved_by=world.admin, approved_at=now)
    world.campaign_launched = make("launched", approved_by=world.admin, approved_at=now, launched_at=now,
                                   launched_by=world.admin, deadline_at=now + timedelta(hours=6))
    world.assignment = Assignment.objects.create(campaign=world.campaign_launched, user=world.influencer,
                                                 agency=world.agency_a, code=CODE, deadline_at=now + timedelta(hours=6))
    world.blackout = BlackoutWindow.objects.create(name="Uji", starts_at=now + timedelta(days=30),
                                                   ends_at=now + timedelta(days=31))
    world.watch_word = WatchWord.objects.create(word="kata-uji")


def _c(name):
    return lambda w: {"public_id": getattr(w, name).public_id}


def _code(w):
    return {"code": CODE}


ROUTES = [
    # Back office: every staff role may build campaigns; agency A's campaigns are for admin, desk and coord_a.
    Route("campaigns:list", STAFF),
    Route("campaigns:create", STAFF),
    Route("campaigns:detail", VIEWERS_A, kwargs=_c("campaign_draft")),
    Route("campaigns:preview_image", VIEWERS_A, kwargs=lambda w: {"public_id": w.campaign_draft.public_id,
                                                                  "size": "persegi"}),
    Route("campaigns:metrics", VIEWERS_A, kwargs=_c("campaign_launched")),
    Route("campaigns:edit", ADMIN_COORD_A, kwargs=_c("campaign_draft")),
    Route("campaigns:submit", ADMIN_COORD_A, method="POST", kwargs=_c("campaign_draft")),
    # coord_a created it: only another staff member (here the admin) may approve or send it back.
    Route("campaigns:approve", ADMIN, method="POST", kwargs=_c("campaign_pending")),
    Route("campaigns:reject", ADMIN, method="POST", kwargs=_c("campaign_pending"),
          data=lambda w: {"note": "Perbaiki judul"}),
    Route("campaigns:override", ADMIN, method="POST", kwargs=_c("campaign_approved"),
          data=lambda w: {"reason": "Informasi bencana mendesak"}),
    Route("campaigns:launch", ADMIN_COORD_A, method="POST", kwargs=_c("campaign_approved")),
    Route("campaigns:close", ADMIN_COORD_A, method="POST", kwargs=_c("campaign_launched")),
    Route("campaigns:guardrails", ADMIN),
    Route("campaigns:blackout_delete", ADMIN, method="POST", kwargs=lambda w: {"pk": w.blackout.pk}),
    Route("campaigns:watch_word_delete", ADMIN, method="POST", kwargs=lambda w: {"pk": w.watch_word.pk}),
    Route("campaigns:leaderboard", SIGNED_IN),
    # The influencer's own assignment.
    Route("campaigns:inbox", INFLUENCER),
    Route("campaigns:record", INFLUENCER),
    Route("campaigns:kit", INFLUENCER, kwargs=_code),
    Route("campaigns:image", INFLUENCER, kwargs=lambda w: {"code": CODE, "size": "lebar"}),
    Route("campaigns:post", INFLUENCER, method="POST", kwargs=_code,
          data=lambda w: {"url": "https://x.com/orang_lain/status/1"}),
    Route("campaigns:decline", INFLUENCER, method="POST", kwargs=_code, data=lambda w: {"choice": "tidak_sempat"}),
    # Public: the short link (HEAD does not count a click) and an information campaign's page.
    Route("campaigns:shortlink", EVERYONE, method="HEAD", kwargs=lambda w: {"segment": CODE + "x"}),
    Route("campaigns:information", EVERYONE, kwargs=_c("campaign_launched")),
]

ROUTES += [
    # REST API (/api/v1/campaigns/…)
    Route("api-1:campaigns_list", STAFF),
    Route("api-1:campaigns_detail", VIEWERS_A, kwargs=_c("campaign_draft")),
    Route("api-1:campaigns_metrics", VIEWERS_A, kwargs=_c("campaign_launched")),
    Route("api-1:campaigns_launch", ADMIN_COORD_A, method="POST", content_type="application/json",
          kwargs=_c("campaign_approved")),
    Route("api-1:campaigns_my_assignments", INFLUENCER),
    Route("api-1:campaigns_assignment", INFLUENCER, kwargs=_code),
    Route("api-1:campaigns_post_submit", INFLUENCER, method="POST", content_type="application/json", kwargs=_code,
          data=lambda w: {"url": "https://x.com/orang_lain/status/1"}),
    Route("api-1:campaigns_decline", INFLUENCER, method="POST", content_type="application/json", kwargs=_code,
          data=lambda w: {"reason": "Tidak sempat"}),
    Route("api-1:campaigns_my_notifications", SIGNED_IN),
]
