"""Writes for social accounts: claim, prove ownership, measure followers, flag anomalies."""

from __future__ import annotations

import hashlib
import logging
import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from tangkal.connectors import registry
from tangkal.connectors.base import ConnectorError, HandleError, Identity, Profile
from tangkal.core.audit import audit_log, snapshot
from tangkal.influencers.eligibility import recompute_profile
from tangkal.influencers.models import (
    AnomalyFlag,
    ASNProfile,
    FollowerSnapshot,
    SocialAccount,
    Verification,
)

logger = logging.getLogger(__name__)
EVIDENCE_MAX_BYTES = 5 * 1024 * 1024
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def claimed_message(account: SocialAccount, profile: ASNProfile) -> str:
    if account.profile_id == profile.pk:
        return _("Anda sudah menambahkan akun ini.")
    return _("Akun ini sudah didaftarkan oleh ASN lain. Jika akun ini milik Anda, hubungi koordinator instansi Anda.")


def _existing(identity_or_profile, platform: str) -> SocialAccount | None:
    handle = getattr(identity_or_profile, "handle", "")
    platform_id = getattr(identity_or_profile, "platform_id", "")
    query = Q()
    if handle:
        query |= Q(handle=handle)
    if platform_id:
        query |= Q(platform_id=platform_id)
    if not query:
        return None
    return SocialAccount.objects.filter(query, platform=platform).first()


def first_refresh_at(account_id: int, now: datetime) -> datetime:
    """Spread accounts over the day: each gets a stable second-of-day from its id."""
    offset = int(hashlib.sha256(str(account_id).encode()).hexdigest()[:8], 16) % 86400
    return now + timedelta(seconds=offset)


def account_add(*, profile: ASNProfile, platform: str, raw: str, by) -> SocialAccount:
    """Claim an account from what the ASN pasted; the platform must know it."""
    connectors = registry.connectors()
    if platform not in connectors:
        raise ValidationError({"platform": _("Pilih platform dari daftar.")})
    connector = connectors[platform]
    try:
        identity = connector.normalise(raw)
    except HandleError as exc:
        raise ValidationError({"handle": exc.message}) from exc
    clash = _existing(identity, platform)
    if clash is not None:
        raise ValidationError({"handle": claimed_message(clash, profile)})
    try:
        found = connector.fetch_profile(identity)
    except ConnectorError as exc:
        if exc.code in ("not_found", "private"):
            raise ValidationError({"handle": exc.message}) from exc
        raise ValidationError({"handle": _("Akun belum dapat diperiksa: %(reason)s") % {"reason": exc.message}}) from exc
    if found.is_private:
        raise ValidationError({"handle": str(ConnectorError("private").message)})
    canonical = Identity(platform=platform, handle=found.handle or identity.handle,
                         platform_id=found.platform_id or identity.platform_id)
    clash = _existing(canonical, platform)
    if clash is not None:
        raise ValidationError({"handle": claimed_message(clash, profile)})
    now = timezone.now()
    try:
        with transaction.atomic():
            account = SocialAccount.objects.create(
                profile=profile, platform=platform, handle=canonical.handle, platform_id=canonical.platform_id,
                display_name=found.display_name[:200], profile_url=connector.profile_url(canonical),
                account_created_at=found.created_at,
            )
            _record(account, found, now=now)
            account.next_refresh_at = first_refresh_at(account.pk, now)
            account.save(update_fields=["next_refresh_at"])
            audit_log(actor=by, action="social.added", obj=account, agency=profile.agency,
                      after=snapshot(account, ["platform", "handle", "platform_id"]))
    except IntegrityError as exc:  # someone claimed it a moment ago
        raise ValidationError({"handle": _("Akun ini sudah didaftarkan oleh ASN lain.")}) from exc
    return account


def account_remove(*, account: SocialAccount, by) -> None:
    profile = account.profile
    with transaction.atomic():
        audit_log(actor=by, action="social.removed", obj=account, agency=profile.agency,
                  before=snapshot(account, ["platform", "handle", "verification", "followers"]))
        account.delete()
    recompute_profile(profile)


# ---- ownership ------------------------------------------------------------------------------------

def _mark_verified(account: SocialAccount, *, method: str, by, note: str = "") -> None:
    before = snapshot(account, ["verification", "verification_method"])
    account.verification = Verification.VERIFIED
    account.verification_method = method
    account.verified_at = timezone.now()
    account.bio_code = ""
    account.bio_code_expires_at = None
    account.save()
    audit_log(actor=by, action="social.verified", obj=account, agency=account.profile.agency, before=before,
              after=snapshot(account, ["verification", "verification_method"]), note=note)


@transaction.atomic
def bio_code_issue(*, account: SocialAccount, by) -> str:
    code = "TGK-" + "".join(secrets.choice(CODE_ALPHABET) for _i in range(6))
    account.bio_code = code
    account.bio_code_expires_at = timezone.now() + timedelta(hours=settings.INFLUENCER_BIO_CODE_HOURS)
    account.save(update_fields=["bio_code", "bio_code_expires_at", "updated_at"])
    return code


def bio_code_check(*, account: SocialAccount, by) -> bool:
    """Read the account's bio through the connector; verify when the one-time code is there."""
    if not account.bio_code or not account.bio_code_expires_at or account.bio_code_expires_at <= timezone.now():
        raise ValidationError(_("Kode sudah kedaluwarsa atau belum dibuat. Buat kode baru."))
    connector = registry.get(account.platform)
    try:
        found = connector.fetch_profile(Identity(account.platform, account.handle, account.platform_id))
    except ConnectorError as exc:
        raise ValidationError(exc.message) from exc
    if account.bio_code.lower() not in (found.bio or "").lower():
        return False
    with transaction.atomic():
        _record(account, found)
        _mark_verified(account, method=SocialAccount.Method.BIO_CODE, by=by)
    recompute_profile(account.profile)
    return True


def _give_way(claim: SocialAccount, *, profile: ASNProfile, by) -> None:
    """Another ASN's claim of an account `profile` just proved by signing in: an unverified claim gives
    way (audited); a verified one is refused."""
    if claim.is_verified:
        raise ValidationError(claimed_message(claim, profile))
    audit_log(actor=by, action="social.claim_superseded", obj=claim, agency=claim.profile.agency,
              before=snapshot(claim, ["profile", "verification"]), note="ownership proven by OAuth")
    claim.delete()


def oauth_verified(*, profile: ASNProfile, platform: str, found: Profile, by) -> SocialAccount:
    """The ASN signed in with the platform as this account: that is proof of ownership.

    An unverified claim of the same account by someone else gives way to proven ownership.
    """
    connector = registry.get(platform)
    identity = Identity(platform=platform, handle=found.handle, platform_id=found.platform_id)
    with transaction.atomic():
        account = _existing(identity, platform)
        if account is not None and account.profile_id != profile.pk:
            _give_way(account, profile=profile, by=by)
            account = None
        if account is None:
            account = SocialAccount.objects.create(
                profile=profile, platform=platform, handle=identity.handle, platform_id=identity.platform_id,
                display_name=found.display_name[:200], profile_url=connector.profile_url(identity),
                account_created_at=found.created_at,
            )
            account.next_refresh_at = first_refresh_at(account.pk, timezone.now())
        else:
            account.handle = identity.handle or account.handle
            account.platform_id = identity.platform_id or account.platform_id
        _record(account, found, source=FollowerSnapshot.Source.OAUTH)
        _mark_verified(account, method=SocialAccount.Method.OAUTH, by=by)
    recompute_profile(profile)
    return account


def _mismatch_message(*, platform_label: str, signed_in: Identity, expected: SocialAccount) -> str:
    return _("Anda masuk ke %(platform)s sebagai @%(signed_in)s, padahal akun yang ditautkan adalah "
             "%(expected)s. Keluar dari %(platform)s, masuk sebagai %(expected)s, lalu coba lagi; atau tambahkan "
             "@%(signed_in)s sebagai akun baru.") % {
        "platform": platform_label, "signed_in": signed_in.handle or signed_in.platform_id,
        "expected": expected.label,
    }


def account_sign_in_verify(*, account: SocialAccount, signed_in: Identity, by) -> SocialAccount:
    """The ASN signed in with the platform (X) while proving `account`: verified when it is the same account.

    The platform's own id decides when the account has one stored (a handle can be renamed and then
    taken by someone else); otherwise the normalised handle. The identity fills in whichever of the
    two was missing, and a renamed handle is updated when no other claim holds it.
    """
    connector = registry.get(account.platform)
    if account.platform_id:
        same = signed_in.platform_id == account.platform_id
    else:
        same = bool(signed_in.handle) and signed_in.handle == account.handle
    if not same:
        raise ValidationError(_mismatch_message(platform_label=connector.label, signed_in=signed_in,
                                                expected=account))
    profile = account.profile
    try:
        with transaction.atomic():
            account = SocialAccount.objects.select_for_update().select_related("profile__agency").get(pk=account.pk)
            if account.is_verified:
                return account
            others = SocialAccount.objects.filter(platform=account.platform).exclude(pk=account.pk)
            if not account.platform_id and signed_in.platform_id:
                claim = others.filter(platform_id=signed_in.platform_id).first()
                if claim is not None and claim.profile_id != profile.pk:
                    _give_way(claim, profile=profile, by=by)
                    claim = None
                if claim is None:
                    account.platform_id = signed_in.platform_id
            renamed = signed_in.handle and signed_in.handle != account.handle
            if renamed and not others.filter(handle=signed_in.handle).exists():
                account.handle = signed_in.handle
                account.profile_url = connector.profile_url(
                    Identity(account.platform, account.handle, account.platform_id))
            _mark_verified(account, method=SocialAccount.Method.OAUTH, by=by,
                           note=f"signed in with {connector.label} as @{signed_in.handle} ({signed_in.platform_id})")
    except IntegrityError as exc:  # someone claimed the id or the new handle a moment ago
        raise ValidationError(_("Akun ini sudah didaftarkan oleh ASN lain.")) from exc
    recompute_profile(profile)
    return account


def _check_image(upload) -> None:
    if upload.size > EVIDENCE_MAX_BYTES:
        raise ValidationError({"evidence": _("Berkas terlalu besar (maksimal 5 MB).")})
    try:
        image = Image.open(upload)
        image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError) as exc:
        raise ValidationError({"evidence": _("Berkas harus gambar PNG, JPEG, atau WebP.")}) from exc
    if image.format not in ("PNG", "JPEG", "WEBP"):
        raise ValidationError({"evidence": _("Berkas harus gambar PNG, JPEG, atau WebP.")})
    upload.seek(0)


@transaction.atomic
def evidence_submit(*, account: SocialAccount, upload, note: str, by) -> SocialAccount:
    if account.is_verified:
        raise ValidationError(_("Akun ini sudah terverifikasi."))
    _check_image(upload)
    before = snapshot(account, ["verification"])
    account.evidence.save(f"{account.public_id}.{upload.name.rsplit('.', 1)[-1].lower()[:5]}", upload, save=False)
    account.evidence_note = note[:500]
    account.verification = Verification.PENDING_EVIDENCE
    account.save()
    audit_log(actor=by, action="social.evidence_submitted", obj=account, agency=account.profile.agency,
              before=before, after=snapshot(account, ["verification"]))
    return account


def evidence_review(*, account: SocialAccount, approve: bool, note: str, by) -> SocialAccount:
    with transaction.atomic():
        account = _evidence_decide(account=account, approve=approve, note=note, by=by)
    recompute_profile(account.profile)
    return account


def _evidence_decide(*, account: SocialAccount, approve: bool, note: str, by) -> SocialAccount:
    account = SocialAccount.objects.select_for_update().select_related("profile__agency").get(pk=account.pk)
    if account.verification != Verification.PENDING_EVIDENCE:
        raise ValidationError(_("Bukti akun ini tidak sedang menunggu tinjauan."))
    if not approve and not note.strip():
        raise ValidationError({"note": _("Tulis alasan penolakan agar ASN tahu apa yang harus diperbaiki.")})
    account.reviewed_by = by
    account.reviewed_at = timezone.now()
    account.review_note = note[:500]
    if approve:
        account.save()
        _mark_verified(account, method=SocialAccount.Method.EVIDENCE, by=by, note=note)
    else:
        before = snapshot(account, ["verification"])
        account.verification = Verification.REJECTED
        account.save()
        audit_log(actor=by, action="social.evidence_rejected", obj=account, agency=account.profile.agency,
                  before=before, after=snapshot(account, ["verification"]), note=note)
    return account


# ---- measuring -----------------------------------------------------------------------------------

def _flag(account: SocialAccount, kind: str, detail: dict) -> None:
    if not AnomalyFlag.objects.filter(account=account, kind=kind, cleared_at__isnull=True).exists():
        try:
            with transaction.atomic():
                AnomalyFlag.objects.create(account=account, kind=kind, detail=detail)
        except IntegrityError:
            pass


def _record(account: SocialAccount, found: Profile, *, now: datetime | None = None,
            source: str = FollowerSnapshot.Source.API) -> FollowerSnapshot:
    """Store a measurement and look at it for anomalies."""
    now = now or timezone.now()
    window_start = now - timedelta(hours=settings.INFLUENCER_ANOMALY_WINDOW_HOURS)
    earlier = (FollowerSnapshot.objects.filter(account=account, measured_at__gte=window_start)
               .order_by("measured_at").first()) if account.pk else None
    snap = FollowerSnapshot.objects.create(account=account, measured_at=now, followers=found.followers, source=source)
    if earlier is not None:
        grown = found.followers - earlier.followers
        if grown >= 50 and grown > settings.INFLUENCER_ANOMALY_JUMP_SHARE * max(earlier.followers, 1):
            _flag(account, AnomalyFlag.Kind.JUMP, {"from": earlier.followers, "to": found.followers,
                                                   "hours": settings.INFLUENCER_ANOMALY_WINDOW_HOURS})
    created = found.created_at or account.account_created_at
    if created is not None:
        age_days = max((now - created).days, 1)
        if found.followers > age_days * settings.INFLUENCER_ANOMALY_MAX_FOLLOWERS_PER_DAY:
            _flag(account, AnomalyFlag.Kind.IMPLAUSIBLE, {"followers": found.followers, "age_days": age_days})
    account.followers = found.followers
    account.followers_measured_at = now
    account.status = SocialAccount.Status.ACTIVE
    account.last_error = ""
    if found.created_at:
        account.account_created_at = found.created_at
    if found.display_name:
        account.display_name = found.display_name[:200]
    account.save()
    return snap


def account_measure(*, account: SocialAccount, now: datetime | None = None) -> FollowerSnapshot | None:
    """Ask the platform for the follower count now. Gone and private accounts are flagged.

    Raises ConnectorError for passing trouble (rate limits, outages, garbage) after noting it.
    """
    now = now or timezone.now()
    connector = registry.get(account.platform)
    try:
        found = connector.fetch_profile(Identity(account.platform, account.handle, account.platform_id))
    except ConnectorError as exc:
        if exc.code in ("not_found", "private"):
            with transaction.atomic():
                account.status = SocialAccount.Status.GONE if exc.code == "not_found" else SocialAccount.Status.PRIVATE
                account.last_error = exc.code
                account.save(update_fields=["status", "last_error", "updated_at"])
                _flag(account, AnomalyFlag.Kind.GONE if exc.code == "not_found" else AnomalyFlag.Kind.PRIVATE,
                      {"at": now.isoformat()})
            return None
        SocialAccount.objects.filter(pk=account.pk).update(last_error=exc.code[:200])
        raise
    if found.is_private:
        with transaction.atomic():
            account.status = SocialAccount.Status.PRIVATE
            account.save(update_fields=["status", "updated_at"])
            _flag(account, AnomalyFlag.Kind.PRIVATE, {"at": now.isoformat()})
        return None
    with transaction.atomic():
        return _record(account, found, now=now)


def account_refresh_now(*, account: SocialAccount, by) -> FollowerSnapshot | None:
    """The ASN's "refresh now" button, with a cooldown so nobody burns the platform budget."""
    now = timezone.now()
    cooldown = timedelta(minutes=settings.INFLUENCER_REFRESH_COOLDOWN_MINUTES)
    last = account.last_manual_refresh_at
    if last is not None and now - last < cooldown:
        minutes = int((cooldown - (now - last)).total_seconds() // 60) + 1
        raise ValidationError(_("Data akun ini baru saja diperbarui. Coba lagi dalam %(minutes)s menit.")
                              % {"minutes": minutes})
    claimed = SocialAccount.objects.filter(pk=account.pk).filter(
        Q(last_manual_refresh_at__isnull=True) | Q(last_manual_refresh_at__lte=now - cooldown)
    ).update(last_manual_refresh_at=now)
    if claimed != 1:
        raise ValidationError(_("Data akun ini sedang diperbarui."))
    account.last_manual_refresh_at = now
    try:
        snap = account_measure(account=account, now=now)
    except ConnectorError as exc:
        SocialAccount.objects.filter(pk=account.pk).update(last_manual_refresh_at=last)
        raise ValidationError(exc.message) from exc
    recompute_profile(account.profile)
    return snap


@transaction.atomic
def anomaly_clear(*, flag: AnomalyFlag, note: str, by) -> AnomalyFlag:
    if flag.cleared_at is not None:
        raise ValidationError(_("Anomali ini sudah ditutup."))
    flag.cleared_at = timezone.now()
    flag.cleared_by = by
    flag.clear_note = note[:500]
    flag.save()
    audit_log(actor=by, action="anomaly.cleared", obj=flag, agency=flag.account.profile.agency,
              after={"kind": flag.kind, "account": flag.account_id}, note=note)
    return flag
