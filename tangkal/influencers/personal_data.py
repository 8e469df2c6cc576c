"""An ASN's rights over their personal data (UU 27/2022): a copy of everything Tangkal holds about
them, and erasure.

Erasure deletes what only served the person (social accounts, follower history, evidence files,
invitations, tokens, messages) and anonymises what the programme must keep: the user row and the
ASN profile stay, without identity, because badges, certificates, training attempts, campaign
clicks and points, and the audit trail refer to them and feed the programme's statistics.

This module reads other apps' models directly (it is the one place that knows where a person's
data lives) and calls their services where one fits the data subject acting on their own data.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from dataclasses import asdict, dataclass
from typing import Any

from django.db import transaction
from django.db.models import CharField, Count, Q, Sum, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone
from django.utils.translation import gettext as _

from tangkal.accounts.models import APIToken, User
from tangkal.core.audit import audit_log
from tangkal.core.models import AuditEntry
from tangkal.core.permissions import require
from tangkal.influencers.models import (
    AgencyTransfer,
    AnomalyFlag,
    ASNProfile,
    Consent,
    EligibilityDecision,
    FollowerSnapshot,
    Invitation,
    Reason,
    RosterRow,
    SocialAccount,
)

logger = logging.getLogger(__name__)

EXPORT_FORMAT_VERSION = 1
CONFIRMATION_WORD = "HAPUS"  # typed as shown in every language, so the instruction never changes meaning
REDACTED = "[dihapus]"
ERASED_EMAIL_DOMAIN = "dihapus.invalid"  # .invalid is reserved (RFC 2606): no mail can ever reach it
# No real NIP starts with eight zeros (its first eight digits are a birth date), so the placeholder
# can never collide with, or be mistaken for, a civil servant's number.
ERASED_NIP_PREFIX = "00000000"
# Keys of audit before/after snapshots that identify a person; their values are redacted on erasure.
PERSONAL_KEYS = frozenset({
    "email", "full_name", "name", "nip", "phone", "unit", "handle", "platform_id", "display_name", "profile_url",
    "evidence", "evidence_note", "review_note", "holder_name", "url", "normalized_url", "account_label",
    "ip_address", "decline_reason",
})


# ---- export ---------------------------------------------------------------------------------------

def _label(choices, value) -> str:
    return str(dict(choices).get(value, value)) if value else ""


def _user_section(user: User) -> dict[str, Any]:
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    # Never the password hash, token hashes or authenticator secrets: only that they exist.
    devices = [{"type": "totp", "name": d.name, "confirmed": d.confirmed}
               for d in TOTPDevice.objects.filter(user=user).only("name", "confirmed")]
    devices += [{"type": "static", "name": d.name, "confirmed": d.confirmed}
                for d in StaticDevice.objects.filter(user=user).only("name", "confirmed")]
    return {
        "email": user.email,
        "full_name": user.full_name,
        "role": user.role,
        "role_label": user.get_role_display(),
        "agency": {"code": user.agency.code, "name": user.agency.name} if user.agency else None,
        "is_active": user.is_active,
        "date_joined": user.date_joined,
        "last_login": user.last_login,
        "has_password": user.has_usable_password(),
        "two_factor_devices": devices,
        "api_tokens": list(APIToken.objects.filter(user=user).order_by("created_at").values(
            "name", "prefix", "scope", "created_at", "last_used_at", "revoked_at")),
    }


def _profile_section(profile: ASNProfile | None) -> dict[str, Any] | None:
    if profile is None:
        return None
    return {
        "public_id": profile.public_id,
        "nip": profile.nip,
        "full_name": profile.full_name,
        "agency": {"code": profile.agency.code, "name": profile.agency.name},
        "unit": profile.unit,
        "work_email": profile.email,
        "work_email_verified_at": profile.email_verified_at,
        "phone": profile.phone,
        "cohort": profile.cohort.name if profile.cohort else None,
        "region": {"code": profile.region.code, "name": profile.region.name} if profile.region else None,
        "stage": profile.stage,
        "stage_label": profile.get_stage_display(),
        "is_active": profile.is_active,
        "eligible": profile.eligible,
        "eligibility_reason": profile.eligibility_reason,
        "counted_followers": profile.counted_followers,
        "below_threshold_since": profile.below_since,
        "created_at": profile.created_at,
    }


def _enrolment_sections(profile: ASNProfile | None) -> dict[str, Any]:
    if profile is None:
        return {"consents": [], "invitations": [], "social_accounts": [], "eligibility_decisions": [],
                "agency_transfers": []}
    snapshots: dict[int, list[dict]] = {}
    for row in (FollowerSnapshot.objects.filter(account__profile=profile).order_by("account_id", "measured_at")
                .values("account_id", "measured_at", "followers", "source")):
        snapshots.setdefault(row.pop("account_id"), []).append(row)
    anomalies: dict[int, list[dict]] = {}
    for row in (AnomalyFlag.objects.filter(account__profile=profile).order_by("created_at")
                .values("account_id", "kind", "detail", "created_at", "cleared_at", "clear_note")):
        anomalies.setdefault(row.pop("account_id"), []).append(row)
    accounts = []
    for account in SocialAccount.objects.filter(profile=profile).order_by("created_at"):
        accounts.append({
            "public_id": account.public_id,
            "platform": account.platform,
            "handle": account.handle,
            "platform_id": account.platform_id,
            "display_name": account.display_name,
            "profile_url": account.profile_url,
            "verification": account.verification,
            "verification_label": account.get_verification_display(),
            "verification_method": account.verification_method,
            "verified_at": account.verified_at,
            "evidence_file": bool(account.evidence),
            "evidence_note": account.evidence_note,
            "review_note": account.review_note,
            "reviewed_at": account.reviewed_at,
            "status": account.status,
            "followers": account.followers,
            "followers_measured_at": account.followers_measured_at,
            "account_created_at": account.account_created_at,
            "created_at": account.created_at,
            "follower_snapshots": snapshots.get(account.pk, []),
            "anomalies": anomalies.get(account.pk, []),
        })
    decisions = [
        {"decided_at": d.decided_at, "eligible": d.eligible, "reason": d.reason,
         "reason_label": _label(Reason.choices, d.reason), "counted_followers": d.counted_followers,
         "platform": d.platform, "below_threshold_since": d.below_since, "policy_version": d.policy.version,
         "policy_threshold": d.policy.threshold}
        for d in EligibilityDecision.objects.filter(profile=profile).select_related("policy").order_by("decided_at", "id")
    ]
    return {
        "consents": [
            {"kind": c.kind, "kind_label": c.get_kind_display(), "version": c.version, "accepted_at": c.accepted_at,
             "ip_address": c.ip_address}
            for c in Consent.objects.filter(profile=profile).order_by("accepted_at")
        ],
        "invitations": list(Invitation.objects.filter(profile=profile).order_by("created_at")
                            .values("created_at", "expires_at", "used_at")),
        "social_accounts": accounts,
        "eligibility_decisions": decisions,
        "agency_transfers": [
            {"from_agency": t.from_agency.name, "to_agency": t.to_agency.name, "effective_date": t.effective_date,
             "reason": t.reason, "recorded_at": t.created_at}
            for t in AgencyTransfer.objects.filter(profile=profile).select_related("from_agency", "to_agency")
            .order_by("created_at", "id")
        ],
    }


def _training_section(user: User) -> dict[str, Any]:
    from tangkal.training.models import Attempt, Attendance, Certificate, Enrollment, ModuleProgress
    from tangkal.training.models import Invitation as SessionInvitation

    enrollment = Enrollment.objects.filter(user=user).select_related("version__curriculum").first()
    return {
        "enrollment": None if enrollment is None else {
            "curriculum": enrollment.version.curriculum.title, "version": enrollment.version.number,
            "started_at": enrollment.created_at, "completed_at": enrollment.completed_at,
        },
        "module_progress": [
            {"course": p.module.course.title, "module": p.module.title, "read_at": p.read_at,
             "quiz_passed_at": p.quiz_passed_at, "completed_at": p.completed_at}
            for p in ModuleProgress.objects.filter(user=user).select_related("module__course").order_by("created_at")
        ],
        "quiz_attempts": [
            {"module": a.quiz.module.title, "number": a.number, "started_at": a.created_at,
             "submitted_at": a.submitted_at, "correct": a.correct, "total": a.total, "score": a.score,
             "passed": a.passed}
            for a in Attempt.objects.filter(user=user).select_related("quiz__module").order_by("created_at")
        ],
        "certificates": [
            {"public_id": c.public_id, "curriculum": c.version.curriculum.title, "version": c.version.number,
             "holder_name": c.holder_name, "completed_at": c.completed_at, "revoked_at": c.revoked_at,
             "revoked_reason": c.revoked_reason}
            for c in Certificate.objects.filter(user=user).select_related("version__curriculum").order_by("completed_at")
        ],
        "session_invitations": [
            {"session": i.session.title, "starts_at": i.session.starts_at, "emailed_at": i.emailed_at}
            for i in SessionInvitation.objects.filter(user=user).select_related("session").order_by("created_at")
        ],
        "attendances": [
            {"session": a.session.title, "starts_at": a.session.starts_at, "method": a.method,
             "recorded_at": a.created_at}
            for a in Attendance.objects.filter(user=user).select_related("session").order_by("created_at")
        ],
    }


def _badges_section(user: User) -> list[dict[str, Any]]:
    from tangkal.badges.models import Badge, BadgeAccount

    accounts: dict[int, list[dict]] = {}
    for row in (BadgeAccount.objects.filter(badge__holder=user).order_by("platform", "handle")
                .values("badge_id", "platform", "handle", "followers", "verified_at")):
        accounts.setdefault(row.pop("badge_id"), []).append(row)
    return [
        {"public_id": b.public_id, "credential_id": (b.credential or {}).get("id"), "status": b.status,
         "status_label": b.get_status_display(), "status_reason": b.status_reason,
         "status_changed_at": b.status_changed_at, "tier": b.tier, "short_code": b.short_code,
         "agency": b.agency.name, "show_accounts_publicly": b.show_accounts_publicly, "issued_at": b.issued_at,
         "valid_from": b.valid_from, "valid_until": b.valid_until, "created_at": b.created_at,
         "accounts": accounts.get(b.pk, []), "credential": b.credential}
        for b in Badge.objects.filter(holder=user).select_related("agency").order_by("created_at")
    ]


def _campaigns_section(user: User) -> dict[str, Any]:
    from tangkal.campaigns.models import (
        Assignment,
        Expertise,
        LeaderboardOptOut,
        Notification,
        PointEntry,
        PostSubmission,
    )

    posts: dict[int, list[dict]] = {}
    for row in (PostSubmission.objects.filter(assignment__user=user).order_by("created_at")
                .values("assignment_id", "platform", "url", "account_label", "followers", "status", "metrics",
                        "created_at", "checked_at")):
        posts.setdefault(row.pop("assignment_id"), []).append(row)
    assignments = [
        {"campaign": a.campaign.headline, "campaign_id": a.campaign.public_id, "status": a.status,
         "short_link_code": a.code, "created_at": a.created_at, "deadline_at": a.deadline_at, "seen_at": a.seen_at,
         "posted_at": a.posted_at, "declined_at": a.declined_at, "decline_reason": a.decline_reason,
         "clicks": a.total_clicks or 0, "posts": posts.get(a.pk, [])}
        for a in (Assignment.objects.filter(user=user).select_related("campaign")
                  .annotate(total_clicks=Sum("click_days__clicks")).order_by("created_at"))
    ]
    points = list(PointEntry.objects.filter(user=user).order_by("created_at")
                  .values("reason", "points", "source", "created_at"))
    return {
        "assignments": assignments,
        "points": points,
        "points_total": sum(p["points"] for p in points),
        "expertise_topics": list(Expertise.objects.filter(user=user).order_by("topic").values_list("topic", flat=True)),
        "leaderboard_opt_out": LeaderboardOptOut.objects.filter(user=user).exists(),
        "notifications": list(Notification.objects.filter(user=user).order_by("created_at")
                              .values("kind", "message", "created_at", "read_at")),
    }


def _hoax_reports_section(user: User) -> list[dict[str, Any]]:
    from tangkal.hoaxes.models import Report

    return [
        {"tracking_code": r.tracking_code, "channel": r.channel, "text": r.text, "url": r.url,
         "platform": r.platform, "reach": r.reach, "region": r.region_id, "images": r.image_count,
         "has_contact": r.has_contact, "created_at": r.created_at}
        for r in (Report.objects.filter(reporter=user).annotate(image_count=Count("images"))
                  .order_by("created_at"))
    ]


def _complaints_section(user: User) -> list[dict[str, Any]]:
    from tangkal.complaints.models import Complaint

    # Complaints about the person's badge: the outcome and the decision, not the citizen's own words,
    # which the complaints app keeps away from the holder to protect the complainant.
    return list(Complaint.objects.filter(badge__holder=user).order_by("created_at").values(
        "public_id", "category", "status", "created_at", "decided_at", "decision_note"))


def _audit_section(user: User):
    return list(AuditEntry.objects.filter(actor=user).order_by("created_at", "id").values(
        "created_at", "action", "object_type", "object_label", "before", "after", "note", "ip_address"))


@transaction.atomic
def personal_data_export(*, user: User, by) -> dict[str, Any]:
    """Everything Tangkal holds about `user`, as one JSON-able document; the export is audited.

    The number of queries is fixed (one or two per kind of data), whatever the amount of data.
    """
    require(by, "influencers.own_data", user)
    user = User.objects.select_related("agency").get(pk=user.pk)
    profile = ASNProfile.objects.filter(user=user).select_related("agency", "cohort", "region").first()
    document = {
        "format": "tangkal.personal-data",
        "format_version": EXPORT_FORMAT_VERSION,
        "generated_at": timezone.now(),
        "about": _("Salinan data pribadi Anda yang disimpan Tangkal (UU 27/2022 tentang Pelindungan Data "
                   "Pribadi)."),
        "user": _user_section(user),
        "asn_profile": _profile_section(profile),
        **_enrolment_sections(profile),
        "training": _training_section(user),
        "badges": _badges_section(user),
        "campaigns": _campaigns_section(user),
        "hoax_reports": _hoax_reports_section(user),
        "complaints_about_my_badge": _complaints_section(user),
        "audit_log": _audit_section(user),
    }
    audit_log(actor=by, action="personal_data.exported", obj=user, agency=user.agency,
              after={"format_version": EXPORT_FORMAT_VERSION, "social_accounts": len(document["social_accounts"]),
                     "audit_entries": len(document["audit_log"])})
    return document


# ---- erasure --------------------------------------------------------------------------------------

@dataclass
class ErasureResult:
    badges_revoked: int = 0
    certificates_revoked: int = 0
    social_accounts_deleted: int = 0
    follower_snapshots_deleted: int = 0
    evidence_files_deleted: int = 0
    audit_entries_redacted: int = 0


def _placeholder_email() -> str:
    # Salted with a random value that is thrown away: no one, not even with the old address, can
    # recompute it and link the anonymised row back to the person.
    digest = hashlib.sha256(secrets.token_bytes(32)).hexdigest()[:24]
    return f"dihapus-{digest}@{ERASED_EMAIL_DOMAIN}"


def _withdraw_badges(*, user: User, reason: str) -> tuple[list[int], int]:
    """Revoke every live badge of the holder (the badges app's holder withdrawal: revocation bit set
    and status list re-signed in this transaction, audited, no notice to an address being erased) and
    drop the accounts shown on its public page."""
    from tangkal.badges.cache import forget_badge
    from tangkal.badges.models import Badge, BadgeAccount
    from tangkal.badges.services import badge_withdraw_by_holder

    badges = list(Badge.objects.filter(holder=user).order_by("pk"))
    revoked = 0
    for badge in badges:
        if badge.status in Badge.LIVE_STATUSES:
            badge_withdraw_by_holder(badge=badge, by=user, reason=reason)
            revoked += 1
        public_id = badge.public_id
        transaction.on_commit(lambda public_id=public_id: forget_badge(public_id))
    Badge.objects.filter(holder=user, show_accounts_publicly=True).update(show_accounts_publicly=False,
                                                                        updated_at=timezone.now())
    BadgeAccount.objects.filter(badge__holder=user).delete()
    return [badge.pk for badge in badges], revoked


def _withdraw_certificates(*, user: User, reason: str) -> tuple[list[int], int]:
    from tangkal.training.models import Certificate
    from tangkal.training.services import certificate_revoke

    certificates = list(Certificate.objects.filter(user=user).select_related("user__agency"))
    revoked = 0
    for certificate in certificates:
        if certificate.revoked_at is None:
            certificate_revoke(certificate=certificate, by=user, reason=reason)
            revoked += 1
    # The public certificate page shows the holder's name; the record stays for training statistics.
    Certificate.objects.filter(user=user).update(holder_name="", updated_at=timezone.now())
    return [c.pk for c in certificates], revoked


def _delete_files(storage, names: list[str]) -> None:
    for name in names:
        try:
            storage.delete(name)
        except Exception:  # a file left behind must not hide the others; it is logged for clean-up
            logger.exception("could not delete erased evidence file %s", name)


def _erase_enrolment(*, profile: ASNProfile, result: ErasureResult, refs: dict[str, list]) -> None:
    accounts = SocialAccount.objects.filter(profile=profile)
    account_ids = list(accounts.values_list("pk", flat=True))
    refs["influencers.socialaccount"] = account_ids
    refs["influencers.anomalyflag"] = list(AnomalyFlag.objects.filter(account_id__in=account_ids)
                                           .values_list("pk", flat=True))
    evidence = [name for name in accounts.exclude(evidence="").values_list("evidence", flat=True) if name]
    result.follower_snapshots_deleted = FollowerSnapshot.objects.filter(account_id__in=account_ids).delete()[0]
    accounts.delete()  # anomaly flags go with them
    result.social_accounts_deleted = len(account_ids)
    result.evidence_files_deleted = len(evidence)
    if evidence:
        # Files are not transactional: they go only once the erasure is committed, so a rollback
        # never leaves rows pointing at missing files.
        storage = SocialAccount._meta.get_field("evidence").storage
        transaction.on_commit(lambda: _delete_files(storage, evidence))
    Invitation.objects.filter(profile=profile).delete()
    # Which agencies the (now anonymous) ASN moved between stays for statistics; why, in staff's words, goes.
    AgencyTransfer.objects.filter(profile=profile).update(reason=REDACTED, updated_at=timezone.now())
    # The consent records (what was agreed, which version, when) are kept as proof that the
    # processing until now was lawful; the address it was given from is not needed for that.
    Consent.objects.filter(profile=profile).update(ip_address=None)
    RosterRow.objects.filter(nip=profile.nip).delete()  # staging rows of an unfinished import
    profile.nip = f"{ERASED_NIP_PREFIX}{profile.pk:010d}"
    profile.full_name = profile.unit = profile.email = profile.phone = profile.eligibility_reason = ""
    profile.email_verified_at = profile.counted_followers = profile.below_since = None
    profile.cohort = profile.region = None
    profile.is_active = profile.eligible = False
    profile.erased_at = timezone.now()
    profile.save()


def _erase_activity(*, user: User, refs: dict[str, list]) -> None:
    """Campaign and hoax-report records stay for the statistics, without what identifies the person."""
    from tangkal.campaigns.models import (
        Assignment,
        Expertise,
        LeaderboardOptOut,
        Notification,
        PostSubmission,
    )
    from tangkal.complaints.models import Complaint
    from tangkal.hoaxes.models import Report
    from tangkal.hoaxes.services import report_contact_delete

    Notification.objects.filter(user=user).delete()
    Expertise.objects.filter(user=user).delete()
    LeaderboardOptOut.objects.get_or_create(user=user)  # the points stay, never again under a name
    Assignment.objects.filter(user=user).exclude(decline_reason="").update(decline_reason="")
    posts = PostSubmission.objects.filter(assignment__user=user)
    refs["campaigns.postsubmission"] = list(posts.values_list("pk", flat=True))
    # The post URL names the person's own account; the platform, follower count and metrics stay.
    posts.update(url=Concat(Value("https://dihapus.invalid/"), Cast("id", CharField())),
                 normalized_url=Concat(Value("dihapus:"), Cast("id", CharField())), account_label="")
    for report in Report.objects.filter(reporter=user).exclude(contact_encrypted="").order_by("pk"):
        report_contact_delete(report=report)
    # The reported content stays with the hoax desk; who reported it does not.
    Report.objects.filter(reporter=user).update(reporter=None, updated_at=timezone.now())
    refs["complaints.complaint"] = list(Complaint.objects.filter(badge__holder=user).values_list("pk", flat=True))


def _redact(value):
    if isinstance(value, dict):
        return {key: (REDACTED if key in PERSONAL_KEYS and item not in (None, "") else _redact(item))
                for key, item in value.items()}
    if isinstance(value, list):
        return [_redact(item) for item in value]
    return value


def _redact_audit(*, user: User, old_email: str, old_name: str, placeholder: str, refs: dict[str, list]) -> int:
    """Remove the person's identity from the audit trail while keeping every entry.

    The trail is append-only (AuditEntry refuses save and delete) because it records what happened;
    who it happened to is personal data that UU 27/2022 lets the person have erased. So each entry
    stays, with its action, time, agency and ids, and only the labels and snapshot values that name
    the person are replaced. This bulk update is the one deliberate exception to append-only.
    """
    about = {(object_type, str(pk)) for object_type, ids in refs.items() for pk in ids}
    about_person = Q()
    for object_type, ids in refs.items():
        if ids:
            about_person |= Q(object_type=object_type, object_id__in=[str(pk) for pk in ids])
    # Some entries name the person only in their label (failed sign-ins, attendance on a session).
    named = Q(object_label__iexact=old_email)
    if old_name:
        named |= Q(object_label=old_name) & (Q(actor=user) | Q(after__user=user.pk))
    concerned = AuditEntry.objects.filter(Q(actor=user) | Q(actor_label__iexact=old_email) | named | about_person)
    changed = []
    for entry in concerned.iterator(chunk_size=500):
        if entry.actor_id == user.pk or entry.actor_label.lower() == old_email.lower():
            entry.actor_label = placeholder
        if (entry.object_type, entry.object_id) in about:
            entry.object_label = REDACTED
            entry.before, entry.after = _redact(entry.before), _redact(entry.after)
        elif entry.object_label.lower() == old_email.lower() or (old_name and entry.object_label == old_name):
            entry.object_label = REDACTED
        changed.append(entry)
    AuditEntry.objects.bulk_update(changed, ["actor_label", "object_label", "before", "after"], batch_size=500)
    return len(changed)


@transaction.atomic
def personal_data_erase(*, user: User, by) -> ErasureResult:
    """Erase the ASN's personal data in one transaction: all of it happens, or none of it does.

    Only the person themself, with the influencer role: staff accounts are closed by a programme admin.
    """
    require(by, "influencers.own_data", user)
    user = User.objects.select_for_update(of=("self",)).select_related("agency").get(pk=user.pk)
    profile = ASNProfile.objects.select_for_update().filter(user=user).first()
    old_email, old_name = user.email, user.full_name
    result = ErasureResult()
    refs: dict[str, list] = {"accounts.user": [user.pk]}
    reason = "Ditarik pemegang: penghapusan data pribadi (UU 27/2022)."

    refs["badges.badge"], result.badges_revoked = _withdraw_badges(user=user, reason=reason)
    refs["training.certificate"], result.certificates_revoked = _withdraw_certificates(user=user, reason=reason)
    if profile is not None:
        refs["influencers.asnprofile"] = [profile.pk]
        _erase_enrolment(profile=profile, result=result, refs=refs)
    _erase_activity(user=user, refs=refs)
    APIToken.objects.filter(user=user).delete()
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()

    placeholder = _placeholder_email()
    user.email = placeholder
    user.full_name = ""
    user.is_active = False
    user.last_login = None
    # A new password hash also ends every other session: Django checks it on each request.
    user.set_unusable_password()
    user.save()

    result.audit_entries_redacted = _redact_audit(user=user, old_email=old_email, old_name=old_name,
                                                  placeholder=placeholder, refs=refs)
    audit_log(actor=user, action="personal_data.erased", obj=user, agency=user.agency, object_label=REDACTED,
              after=asdict(result))
    return result
