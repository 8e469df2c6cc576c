"""Campaign API: campaigns, their metrics and launch for staff; assignments and post submissions
for influencers. Every read is scoped like the pages."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from ninja import Router, Schema
from ninja.errors import HttpError

from tangkal.campaigns import links, posts, selectors
from tangkal.campaigns.launch import AlreadyLaunched, campaign_launch
from tangkal.campaigns.models import Assignment, Campaign, Notification
from tangkal.campaigns.views.mine import share_links
from tangkal.core.permissions import can, require

router = Router(tags=["kampanye"])
PREFIX = "/campaigns"


class CampaignOut(Schema):
    id: UUID
    kind: str
    status: str
    stamp: str
    headline: str
    summary: str
    link_url: str
    agency: str | None = None
    clarification_id: UUID | None = None
    assignments: int
    estimated_influencers: int | None = None
    estimated_reach: int | None = None
    launched_at: datetime | None = None
    deadline_at: datetime | None = None


class GroupOut(Schema):
    label: str
    assignments: int
    posted: int
    clicks: int
    unique: int


class PlatformOut(Schema):
    label: str
    posts: int
    reach: int
    clicks: int
    unique: int


class DayOut(Schema):
    day: str
    clicks: int
    unique: int


class MetricsOut(Schema):
    assignments: int
    posted: int
    declined: int
    share_rate: float
    first_share_minutes: float | None = None
    half_minutes: float | None = None
    reach: int
    clicks: int
    unique_visitors: int
    bot_clicks: int
    scoped_to_agency: bool
    by_agency: list[GroupOut]
    by_region: list[GroupOut]
    by_platform: list[PlatformOut]
    over_time: list[DayOut]


class KitItemOut(Schema):
    channel: str
    text: str
    share_url: str
    length: int
    limit: int


class PostOut(Schema):
    platform: str
    url: str
    account: str
    status: str
    created_at: datetime


class AssignmentOut(Schema):
    code: str
    status: str
    campaign: CampaignOut
    deadline_at: datetime
    short_url: str
    posted_at: datetime | None = None
    kit: list[KitItemOut]
    posts: list[PostOut]


class PostIn(Schema):
    url: str


class DeclineIn(Schema):
    reason: str


def _campaign_out(c: Campaign) -> dict:
    return {"id": c.public_id, "kind": c.kind, "status": c.status, "stamp": c.stamp, "headline": c.headline,
            "summary": c.summary, "link_url": c.link_url, "agency": c.agency.name if c.agency_id else None,
            "clarification_id": c.clarification_public_id, "assignments": c.assignments_count,
            "estimated_influencers": c.estimated_influencers, "estimated_reach": c.estimated_reach,
            "launched_at": c.launched_at, "deadline_at": c.deadline_at}


def _assignment_out(a: Assignment) -> dict:
    return {
        "code": a.code, "status": a.status, "campaign": _campaign_out(a.campaign), "deadline_at": a.deadline_at,
        "short_url": links.short_url(a.code), "posted_at": a.posted_at,
        "kit": [{"channel": i["channel"], "text": i["text"], "share_url": i["intent"], "length": i["length"],
                 "limit": i["limit"]} for i in share_links(a)],
        "posts": [{"platform": p.platform, "url": p.url, "account": p.account_label, "status": p.status,
                   "created_at": p.created_at} for p in a.posts.all()],
    }


def _invalid(error: ValidationError):
    raise HttpError(400, " ".join(error.messages))


@router.get("/", response=list[CampaignOut], summary="Kampanye yang boleh dilihat (staf)")
def campaigns_list(request, status: str = ""):
    require(request.user, "campaigns.create")
    return [_campaign_out(c) for c in selectors.campaigns_for(user=request.user, status=status)[:200]]


@router.get("/{public_id}", response=CampaignOut, summary="Satu kampanye")
def campaigns_detail(request, public_id: UUID):
    return _campaign_out(selectors.campaign_for(user=request.user, public_id=public_id))


@router.get("/{public_id}/metrics", response=MetricsOut, summary="Angka kampanye (koordinator: instansinya saja)")
def campaigns_metrics(request, public_id: UUID):
    campaign = selectors.campaign_for(user=request.user, public_id=public_id)
    m = selectors.metrics(campaign=campaign, user=request.user)
    return {**{k: m[k] for k in ("posted", "declined", "share_rate", "first_share_minutes", "half_minutes", "reach",
                                 "clicks", "scoped_to_agency", "by_agency", "by_region", "by_platform")},
            "assignments": m["total"], "unique_visitors": m["unique"], "bot_clicks": m["bots"],
            "over_time": [{"day": r["day"].isoformat(), "clicks": r["clicks"] or 0, "unique": r["unique"] or 0}
                          for r in m["over_time"]]}


@router.post("/{public_id}/launch", response={200: CampaignOut, 409: dict},
             summary="Luncurkan kampanye yang sudah disetujui (sekali saja)")
def campaigns_launch(request, public_id: UUID):
    campaign = selectors.campaign_for(user=request.user, public_id=public_id)
    if not can(request.user, "campaigns.launch", campaign):
        raise PermissionDenied
    try:
        campaign = campaign_launch(campaign=campaign, by=request.user)
    except AlreadyLaunched as error:
        raise HttpError(409, error.messages[0]) from None
    except ValidationError as error:
        _invalid(error)
    return _campaign_out(campaign)


@router.get("/assignments/mine", response=list[AssignmentOut], summary="Tugas kampanye saya (influencer)")
def campaigns_my_assignments(request):
    require(request.user, "campaigns.inbox")
    mine = (Assignment.objects.filter(user=request.user, campaign__status=Campaign.Status.LAUNCHED)
            .select_related("campaign", "campaign__agency").prefetch_related("posts").order_by("deadline_at"))
    return [_assignment_out(a) for a in mine[:50]]


@router.get("/assignments/{code}", response=AssignmentOut, summary="Satu tugas dan kitnya")
def campaigns_assignment(request, code: str):
    return _assignment_out(selectors.assignment_for(user=request.user, code=code))


@router.post("/assignments/{code}/posts", response={201: PostOut}, summary="Kirim bukti posting (tautan)")
def campaigns_post_submit(request, code: str, payload: PostIn):
    assignment = selectors.assignment_for(user=request.user, code=code)
    try:
        post = posts.post_submit(assignment=assignment, url=payload.url, by=request.user)
    except ValidationError as error:
        _invalid(error)
    post.refresh_from_db()
    return 201, {"platform": post.platform, "url": post.url, "account": post.account_label, "status": post.status,
                 "created_at": post.created_at}


@router.post("/assignments/{code}/decline", response=AssignmentOut, summary="Tolak tugas dengan alasan")
def campaigns_decline(request, code: str, payload: DeclineIn):
    assignment = selectors.assignment_for(user=request.user, code=code)
    try:
        posts.assignment_decline(assignment=assignment, reason=payload.reason, by=request.user)
    except ValidationError as error:
        _invalid(error)
    assignment.refresh_from_db()
    return _assignment_out(assignment)


@router.get("/notifications/mine", response=list[dict], summary="Pemberitahuan kampanye saya")
def campaigns_my_notifications(request):
    if not request.user.is_authenticated:
        raise Http404
    rows = Notification.objects.filter(user=request.user).select_related("campaign")[:50]
    return [{"kind": n.kind, "campaign": str(n.campaign.public_id), "message": n.message,
             "created_at": n.created_at.isoformat(), "read": n.read_at is not None} for n in rows]
