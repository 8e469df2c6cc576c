"""The influencer's side: "Sudah saya posting" (a post URL checked against their verified
accounts) and declining with a reason."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tangkal.campaigns import points
from tangkal.campaigns.models import Assignment, Campaign, PostSubmission
from tangkal.core.permissions import require

# Query parameters that only track who shared a link; they never identify a post.
TRACKING_PARAMS = {"igsh", "igshid", "si", "s", "t", "ref", "ref_src", "mibextid", "__cft__", "__tn__", "_r",
                   "is_from_webapp", "sender_device", "utm_source", "utm_medium", "utm_campaign", "utm_content",
                   "utm_term", "rdid", "share_url", "_t", "feature"}
HOSTS = {
    "x": ("x.com", "twitter.com"),
    "instagram": ("instagram.com", "instagr.am"),
    "facebook": ("facebook.com", "fb.com", "fb.watch"),
    "tiktok": ("tiktok.com",),
    "youtube": ("youtube.com", "youtu.be"),
}


def platform_hosts() -> dict[str, tuple[str, ...]]:
    try:
        from tangkal.connectors.registry import connectors
    except ImportError:  # pragma: no cover
        return HOSTS
    found = {code: tuple(getattr(c, "hosts", ())) for code, c in connectors().items()}
    return {code: found.get(code) or hosts for code, hosts in HOSTS.items()} | {
        code: hosts for code, hosts in found.items() if code not in HOSTS and hosts}


def _host(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    for prefix in ("www.", "m.", "mobile.", "web.", "mbasic.", "vm.", "vt."):
        if host.startswith(prefix):
            host = host[len(prefix):]
    return host


def platform_of(url: str) -> str | None:
    host = _host(url)
    for code, hosts in platform_hosts().items():
        if any(host == h or host.endswith("." + h) for h in hosts):
            return code
    return None


HOST_ALIASES = {"twitter.com": "x.com", "fb.com": "facebook.com", "instagr.am": "instagram.com",
                "youtu.be": "youtube.com"}


def normalise(url: str) -> str:
    """One spelling per post, so the same post cannot be sent twice under two addresses."""
    parts = urlsplit(url.strip())
    host = _host(url)
    host = HOST_ALIASES.get(host, host)
    segments = [s for s in parts.path.split("/") if s]
    if host == "x.com" and len(segments) >= 3 and segments[-2] == "status" and segments[-1].isdigit():
        return f"https://x.com/i/status/{segments[-1]}"  # the status id alone names an X post
    query = [(k, v) for k, v in parse_qsl(parts.query) if k.lower() not in TRACKING_PARAMS]
    path = "/" + "/".join(segments)
    return f"https://{host}{path}" + (f"?{urlencode(sorted(query))}" if query else "")


def check_ownership(url: str, account) -> str:
    """"yes", "no" or "unknown": does the post URL name this account? Asks the platform's connector."""
    try:
        from tangkal.connectors.registry import post_url_check
    except ImportError:  # pragma: no cover
        return "unknown"
    try:
        return post_url_check(url, account)
    except KeyError:  # pragma: no cover - no connector for this platform
        return "unknown"


def post_reader(platform: str):
    """The connector's `fetch_post(url, account)` when it can read posts, else None."""
    try:
        from tangkal.connectors.registry import get
    except ImportError:  # pragma: no cover
        return None
    try:
        return getattr(get(platform), "fetch_post", None)
    except KeyError:
        return None


def _assignment_for_update(assignment: Assignment, by) -> Assignment:
    assignment = Assignment.objects.select_for_update().select_related("campaign").get(pk=assignment.pk)
    require(by, "campaigns.assignment", assignment)
    if assignment.campaign.status != Campaign.Status.LAUNCHED:
        raise ValidationError(_("Kampanye ini sudah tidak berjalan."))
    return assignment


@transaction.atomic
def post_submit(*, assignment: Assignment, url: str, by) -> PostSubmission:
    from tangkal.campaigns.targeting import verified_accounts

    assignment = _assignment_for_update(assignment, by)
    if assignment.status == Assignment.Status.DECLINED:
        raise ValidationError(_("Anda sudah menolak kampanye ini."))
    url = (url or "").strip()
    if not url.lower().startswith(("http://", "https://")):
        url = "https://" + url if url else url
    parsed = urlsplit(url)
    if not url or not parsed.hostname or " " in url:
        raise ValidationError({"url": _("Tempel tautan posting lengkap, mis. https://x.com/nama/status/123.")})
    if len(url) > 500:
        raise ValidationError({"url": _("Tautan terlalu panjang (maksimal 500 karakter).")})
    platform = platform_of(url)
    if platform is None:
        raise ValidationError({"url": _("Tautan ini bukan tautan posting X, Instagram, Facebook, TikTok "
                                        "atau YouTube.")})
    accounts = list(verified_accounts([platform]).filter(profile__user=by))
    if not accounts:
        raise ValidationError({"url": _("Tautan ini dari %(platform)s, tetapi Anda belum punya akun %(platform)s "
                                        "yang terverifikasi.") % {"platform": _platform_label(platform)}})
    verdicts = {account.pk: check_ownership(url, account) for account in accounts}
    owner = next((a for a in accounts if verdicts[a.pk] == "yes"), None)
    needs_check = False
    if owner is None and "unknown" in verdicts.values() and post_reader(platform) is not None:
        # The link does not name its author; the connector reads the post to tell (see tasks.check_post).
        owner = next(a for a in accounts if verdicts[a.pk] == "unknown")
        needs_check = True
    if owner is None:
        if "unknown" in verdicts.values():
            raise ValidationError({"url": _("Tautan ini tidak menyebut nama akun. Buka posting dari profil "
                                            "Anda lalu salin tautan lengkapnya.")})
        handles = ", ".join(a.label for a in accounts)
        raise ValidationError({"url": _("Posting ini bukan milik akun %(platform)s Anda yang terverifikasi "
                                        "(%(handles)s).") % {"platform": _platform_label(platform),
                                                             "handles": handles}})
    normalized = normalise(url)
    if PostSubmission.objects.filter(normalized_url=normalized).exists():
        raise ValidationError({"url": _("Tautan posting ini sudah pernah dikirim.")})
    if assignment.posts.filter(platform=platform, status=PostSubmission.Status.ACCEPTED).exists():
        raise ValidationError({"url": _("Anda sudah mengirim bukti posting %(platform)s untuk kampanye ini.")
                               % {"platform": _platform_label(platform)}})
    now = timezone.now()
    try:
        with transaction.atomic():
            post = PostSubmission.objects.create(
                assignment=assignment, platform=platform, url=url, normalized_url=normalized,
                account_public_id=owner.public_id, account_label=owner.label, followers=owner.followers or 0,
                checked_at=None if needs_check else now,
            )
    except IntegrityError:
        raise ValidationError({"url": _("Tautan posting ini sudah pernah dikirim.")}) from None
    if assignment.status != Assignment.Status.POSTED:
        assignment.status = Assignment.Status.POSTED
        assignment.posted_at = now
        assignment.save(update_fields=["status", "posted_at"])
    points.award_for_post(assignment=assignment, post=post)
    if post_reader(platform) is not None:
        from tangkal.campaigns.tasks import check_post

        post_id = post.pk
        transaction.on_commit(lambda: check_post.enqueue(post_id))
    return post


def _platform_label(code: str) -> str:
    return {"x": "X", "instagram": "Instagram", "facebook": "Facebook", "tiktok": "TikTok",
            "youtube": "YouTube"}.get(code, code)


@transaction.atomic
def assignment_decline(*, assignment: Assignment, reason: str, by) -> Assignment:
    assignment = _assignment_for_update(assignment, by)
    if assignment.status != Assignment.Status.PENDING:
        raise ValidationError(_("Hanya kampanye yang belum dikerjakan yang dapat ditolak."))
    reason = " ".join((reason or "").split())
    if len(reason) < 3:
        raise ValidationError({"reason": _("Tulis alasan Anda menolak (minimal 3 karakter).")})
    assignment.status = Assignment.Status.DECLINED
    assignment.declined_at = timezone.now()
    assignment.decline_reason = reason[:500]
    assignment.save(update_fields=["status", "declined_at", "decline_reason"])
    return assignment


def assignment_mark_seen(*, assignment: Assignment) -> None:
    if assignment.seen_at is None:
        Assignment.objects.filter(pk=assignment.pk, seen_at__isnull=True).update(seen_at=timezone.now())


@transaction.atomic
def post_check(*, post_id: int) -> str:
    """Read the post through the connector: gone → removed (and the influencer is told), otherwise
    the metrics are stored. Idempotent."""
    from tangkal.campaigns.models import Notification
    from tangkal.campaigns.targeting import verified_accounts

    post = PostSubmission.objects.select_for_update().select_related("assignment").filter(pk=post_id).first()
    if post is None or post.status == PostSubmission.Status.REMOVED:
        return "skipped"
    reader = post_reader(post.platform)
    account = verified_accounts([post.platform]).filter(public_id=post.account_public_id).first()
    if reader is None or account is None:
        return "skipped"
    try:
        from tangkal.connectors.base import ConnectorError
    except ImportError:  # pragma: no cover
        return "skipped"
    try:
        result = reader(post.url, account) or {}
    except ConnectorError as exc:
        if exc.code != "not_found":
            return "retry"
        result = None
    owner = (result or {}).get("author_handle") or (result or {}).get("author_id")
    foreign = owner and owner.lower() not in {(account.handle or "").lower(), (account.platform_id or "").lower()}
    if result is None or foreign:
        post.status = PostSubmission.Status.REMOVED
        post.checked_at = timezone.now()
        post.save(update_fields=["status", "checked_at"])
        assignment = post.assignment
        if not assignment.posts.filter(status=PostSubmission.Status.ACCEPTED).exists():
            assignment.status = Assignment.Status.PENDING
            assignment.posted_at = None
            assignment.save(update_fields=["status", "posted_at"])
        points.withdraw_for_post(assignment=assignment)
        message = (_("Posting %(url)s tidak ditemukan atau bukan milik akun Anda. Kirim tautan yang benar.")
                   % {"url": post.url})
        Notification.objects.get_or_create(
            user_id=assignment.user_id, campaign_id=assignment.campaign_id, kind=Notification.Kind.POST_REMOVED,
            version=post.pk, defaults={"assignment": assignment, "message": message[:500]})
        return "removed"
    post.metrics = {k: v for k, v in result.items() if isinstance(v, (int, float))}
    post.checked_at = timezone.now()
    post.save(update_fields=["metrics", "checked_at"])
    return "ok"
