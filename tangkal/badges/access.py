"""Who may reach each of this app's routes; the access test walks every route against this list."""

from tangkal.core.access import ADMIN, ADMIN_COORD_A, ADMIN_COORDS, EVERYONE, INFLUENCER, Route

REASON = {"reason": "Alasan uji akses"}


BUILD_ON_DEMAND = True  # signing keys, status lists and a credential: only for routes that need them


def build(world) -> None:
    if hasattr(world, "badge_active"):
        return
    from conftest import make_user
    from tangkal.accounts.models import Role
    from tangkal.badges.models import Badge
    from tangkal.badges.testing import issue_badge

    # The shared influencer (agency A) has a request waiting; another ASN of agency A holds a badge.
    world.badge_pending = Badge.objects.create(holder=world.influencer, agency=world.agency_a)
    world.holder_a = make_user("pemegang@a.go.id", Role.INFLUENCER, world.agency_a)
    world.badge_active = issue_badge(world.holder_a, accounts=(("instagram", "pemegang_a", 2500),))


def _pending(world) -> dict:
    return {"public_id": world.badge_pending.public_id}


def _active(world) -> dict:
    return {"public_id": world.badge_active.public_id}


ROUTES = [
    Route("badges:did_document", EVERYONE),
    Route("badges:status_list", EVERYONE, kwargs=lambda w: {"purpose": "revocation", "number": 1}),
    Route("badges:achievement", EVERYONE),
    Route("badges:achievement_image", EVERYONE),
    Route("badges:search", EVERYONE, data=lambda w: {"q": "@pemegang_a"}),
    Route("badges:verify", EVERYONE, kwargs=_active),
    Route("badges:credential_json", EVERYONE, kwargs=_active),
    Route("badges:image_svg", EVERYONE, kwargs=_active),
    Route("badges:image_png", EVERYONE, kwargs=_active),
    Route("badges:short", EVERYONE, kwargs=lambda w: {"code": w.badge_active.short_code}),
    # The holder's own pages: influencers only (staff do not hold badges).
    Route("badges:mine", INFLUENCER),
    Route("badges:request", INFLUENCER, method="POST"),
    Route("badges:consent", INFLUENCER, method="POST", data=lambda w: {"show_accounts_publicly": "on"}),
    Route("badges:renew", INFLUENCER, method="POST"),
    # Approval: admins, and the coordinator of the holder's agency (A) only.
    Route("badges:manage_list", ADMIN_COORDS),
    Route("badges:manage_detail", ADMIN_COORD_A, kwargs=_pending),
    Route("badges:approve", ADMIN_COORD_A, method="POST", kwargs=_pending),
    Route("badges:reject", ADMIN_COORD_A, method="POST", kwargs=_pending, data=lambda w: REASON),
    # Suspension, reinstatement and revocation: programme admins only.
    Route("badges:suspend", ADMIN, method="POST", kwargs=_active, data=lambda w: REASON),
    Route("badges:reinstate", ADMIN, method="POST", kwargs=_active, data=lambda w: REASON),
    Route("badges:revoke", ADMIN, method="POST", kwargs=_active, data=lambda w: REASON),
    # API
    Route("api-1:badges_verify", EVERYONE, method="POST", content_type="application/json",
          data=lambda w: w.badge_active.credential),
    Route("api-1:badges_public_status", EVERYONE, kwargs=_active),
    Route("api-1:badges_mine", INFLUENCER),
    Route("api-1:badges_request", INFLUENCER, method="POST", content_type="application/json", data=lambda w: {}),
    Route("api-1:badges_approve", ADMIN_COORD_A, method="POST", content_type="application/json", kwargs=_pending),
    Route("api-1:badges_reject", ADMIN_COORD_A, method="POST", content_type="application/json", kwargs=_pending,
          data=lambda w: REASON),
    Route("api-1:badges_suspend", ADMIN, method="POST", content_type="application/json", kwargs=_active,
          data=lambda w: REASON),
    Route("api-1:badges_reinstate", ADMIN, method="POST", content_type="application/json", kwargs=_active,
          data=lambda w: REASON),
    Route("api-1:badges_revoke", ADMIN, method="POST", content_type="application/json", kwargs=_active,
          data=lambda w: REASON),
]
