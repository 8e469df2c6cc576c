"""Writes for enrolment: self-registration, e-mail verification, invitations, cohorts, consent, transfers."""

from __future__ import annotations

import hashlib
import secrets
from datetime import date, timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tangkal.accounts.models import Agency, Role, User
from tangkal.core.audit import audit_log, current_ip, snapshot
from tangkal.core.permissions import require
from tangkal.influencers.models import AgencyTransfer, ASNProfile, Cohort, Consent, Invitation, Stage
from tangkal.influencers.nip import parse_nip

EMAIL_SALT = "tangkal.influencers.email"


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def consent_record(*, profile: ASNProfile, version: str | None = None) -> None:
    version = version or settings.INFLUENCER_CONSENT_VERSION
    for kind in (Consent.Kind.TERMS, Consent.Kind.PERSONAL_DATA):
        Consent.objects.get_or_create(profile=profile, kind=kind, version=version,
                                      defaults={"ip_address": current_ip.get()})


def check_work_email(*, agency: Agency, email: str) -> None:
    if not agency.accepts_email(email):
        allowed = ", ".join(d.strip() for d in agency.email_domains.split(",") if d.strip())
        raise ValidationError({"email": _("Gunakan email kerja %(agency)s (domain yang diterima: %(domains)s).")
                               % {"agency": agency.short_name or agency.name, "domains": allowed}})


def _send(*, to: str, subject: str, template: str, context: dict, connection=None) -> None:
    body = render_to_string(template, context)
    EmailMessage(subject=subject, body=body, to=[to], connection=connection).send()


def email_link_send(*, profile: ASNProfile) -> None:
    token = signing.dumps({"p": profile.pk, "e": profile.email}, salt=EMAIL_SALT, compress=True)
    url = settings.SITE_URL + reverse("influencers:verify_email", kwargs={"token": token})
    _send(to=profile.email, subject=_("Tangkal: konfirmasi email kerja Anda"),
          template="influencers/emails/verify_email.txt",
          context={"profile": profile, "url": url, "days": settings.INFLUENCER_EMAIL_LINK_MAX_AGE_DAYS})


def asn_register(*, nip: str, full_name: str, agency: Agency, unit: str, email: str, phone: str,
                 password: str) -> ASNProfile:
    """Self-registration. The account stays inactive until the work e-mail link is opened."""
    parsed = parse_nip(nip)
    email = email.strip().lower()
    check_work_email(agency=agency, email=email)
    with transaction.atomic():
        existing = ASNProfile.objects.select_for_update().filter(nip=parsed.value).first()
        if existing is not None:
            if existing.user_id and existing.email_verified_at is None and existing.email == email:
                email_link_send(profile=existing)  # the same person again: send the link again
                return existing
            if existing.user_id:
                raise ValidationError({"nip": _("NIP ini sudah terdaftar. Jika ini NIP Anda, masuk dengan email "
                                                "kerja Anda atau hubungi koordinator instansi.")})
            if existing.agency_id != agency.pk:
                raise ValidationError({"agency": _("NIP ini tercatat di %(agency)s. Pilih instansi itu, atau minta "
                                                   "koordinator memperbaiki data.") % {"agency": existing.agency}})
            if existing.email and existing.email != email:
                raise ValidationError({"email": _("Email ini berbeda dengan email kerja yang dicatat instansi "
                                                  "Anda. Gunakan email yang dicatat, atau hubungi koordinator.")})
        if User.objects.filter(email=email).exists():
            raise ValidationError({"email": _("Email ini sudah dipakai akun lain. Masuk dengan email itu, atau "
                                              "hubungi koordinator instansi Anda.")})
        user = User.objects.create_user(email, password, role=Role.INFLUENCER, agency=agency,
                                        full_name=full_name.strip(), is_active=False)
        profile = existing or ASNProfile(nip=parsed.value)
        profile.user = user
        profile.agency = agency
        profile.full_name = full_name.strip()
        profile.unit = unit.strip()
        profile.email = email
        profile.phone = phone.strip()
        profile.region = profile.region or agency.region  # a regional government's ASN work in its region
        profile.stage = Stage.REGISTERED
        try:
            with transaction.atomic():
                profile.save()
        except IntegrityError as exc:
            raise ValidationError({"nip": _("NIP ini baru saja didaftarkan. Muat ulang halaman.")}) from exc
        consent_record(profile=profile)
        audit_log(actor=user, action="asn.registered", obj=profile, agency=agency,
                  after=snapshot(profile, ["agency", "unit", "stage"]))
        transaction.on_commit(lambda: email_link_send(profile=profile))
    return profile


@transaction.atomic
def asn_verify_email(*, token: str) -> ASNProfile:
    try:
        data = signing.loads(token, salt=EMAIL_SALT, max_age=timedelta(days=settings.INFLUENCER_EMAIL_LINK_MAX_AGE_DAYS))
    except signing.SignatureExpired as exc:
        raise ValidationError(_("Tautan konfirmasi sudah kedaluwarsa. Daftar ulang dengan NIP dan email yang sama "
                                "untuk menerima tautan baru.")) from exc
    except signing.BadSignature as exc:
        raise ValidationError(_("Tautan konfirmasi tidak sah. Salin tautan lengkap dari email Anda.")) from exc
    profile = ASNProfile.objects.select_for_update(of=("self",)).select_related("user").filter(pk=data.get("p")).first()
    if profile is None or profile.email != data.get("e") or profile.user is None:
        raise ValidationError(_("Tautan konfirmasi tidak berlaku lagi."))
    if profile.email_verified_at is None:
        profile.email_verified_at = timezone.now()
        profile.save(update_fields=["email_verified_at", "updated_at"])
        profile.user.is_active = True
        profile.user.save(update_fields=["is_active"])
        audit_log(actor=profile.user, action="asn.email_verified", obj=profile)
    return profile


def profile_for_user(user) -> ASNProfile | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return ASNProfile.objects.filter(user=user).select_related("agency", "cohort").first()


# ---- cohorts and invitations --------------------------------------------------------------------

def cohort_get_or_create(*, agency: Agency, name: str) -> Cohort:
    name = " ".join(name.split())[:100]
    digits = "".join(ch if ch.isdigit() else " " for ch in name).split()
    year = next((int(d) for d in digits if len(d) == 4 and 1960 <= int(d) <= 2100), None)
    cohort, _created = Cohort.objects.get_or_create(agency=agency, name=name, defaults={"intake_year": year})
    return cohort


def invitation_issue(*, profile: ASNProfile, by) -> str:
    raw = secrets.token_urlsafe(32)
    Invitation.objects.create(profile=profile, token_hash=_hash(raw), sent_by=by,
                              expires_at=timezone.now() + timedelta(days=settings.INFLUENCER_INVITATION_DAYS))
    return raw


def cohort_invite(*, cohort: Cohort, by) -> int:
    """E-mail a personal enrolment link to every member who has not enrolled and has no live invitation."""
    now = timezone.now()
    live = Invitation.objects.filter(used_at__isnull=True, expires_at__gt=now).values("profile_id")
    members = (cohort.members.filter(user__isnull=True, is_active=True).exclude(email="")
               .exclude(pk__in=live).order_by("pk"))
    sent = 0
    connection = get_connection()
    for profile in members.iterator(chunk_size=500):
        with transaction.atomic():
            raw = invitation_issue(profile=profile, by=by)
        url = settings.SITE_URL + reverse("influencers:accept_invitation", kwargs={"token": raw})
        _send(to=profile.email, subject=_("Undangan program Influencer ASN"), connection=connection,
              template="influencers/emails/invitation.txt",
              context={"profile": profile, "url": url, "days": settings.INFLUENCER_INVITATION_DAYS})
        sent += 1
    audit_log(actor=by, action="cohort.invited", obj=cohort, agency=cohort.agency, after={"sent": sent})
    return sent


def invitation_lookup(*, token: str) -> Invitation:
    invitation = (Invitation.objects.select_related("profile", "profile__agency")
                  .filter(token_hash=_hash(token)).first())
    if invitation is None:
        raise ValidationError(_("Tautan undangan tidak sah. Salin tautan lengkap dari email Anda."))
    if invitation.used_at is not None or invitation.profile.user_id:
        raise ValidationError(_("Undangan ini sudah dipakai. Silakan masuk dengan email kerja Anda."))
    if invitation.expires_at <= timezone.now():
        raise ValidationError(_("Undangan ini sudah kedaluwarsa. Minta undangan baru kepada koordinator instansi."))
    return invitation


@transaction.atomic
def invitation_accept(*, token: str, password: str, phone: str = "") -> ASNProfile:
    """Enrol from an invitation: the link went to the work e-mail, so that e-mail is verified."""
    invitation = invitation_lookup(token=token)
    claimed = Invitation.objects.filter(pk=invitation.pk, used_at__isnull=True).update(used_at=timezone.now())
    if claimed != 1:
        raise ValidationError(_("Undangan ini sudah dipakai. Silakan masuk dengan email kerja Anda."))
    profile = ASNProfile.objects.select_for_update().get(pk=invitation.profile_id)
    user = User.objects.filter(email=profile.email).first()
    if user is not None and hasattr(user, "asn_profile"):
        raise ValidationError(_("Email ini sudah terhubung ke ASN lain. Hubungi koordinator instansi."))
    if user is None:
        user = User.objects.create_user(profile.email, password, role=Role.INFLUENCER, agency=profile.agency,
                                        full_name=profile.full_name)
    profile.user = user
    profile.email_verified_at = timezone.now()
    profile.phone = phone.strip() or profile.phone
    profile.stage = Stage.REGISTERED if profile.stage == Stage.IMPORTED else profile.stage
    profile.save()
    consent_record(profile=profile)
    audit_log(actor=user, action="asn.enrolled_by_invitation", obj=profile)
    return profile


# ---- transfers between agencies (mutasi) --------------------------------------------------------

TRANSFER_FIELDS = ["agency", "region", "cohort", "stage", "eligible", "is_active"]
MIN_REASON = 5


def _region_after_transfer(*, profile: ASNProfile, from_agency: Agency, to_agency: Agency):
    """A regional government's ASN work in its region (as at registration). Someone leaving one for a
    central agency no longer works where the old government is, so that region is cleared; a region
    recorded independently of the old agency is kept."""
    if to_agency.region_id:
        return to_agency.region_id
    if profile.region_id and profile.region_id == from_agency.region_id:
        return None
    return profile.region_id


def asn_transfer(*, profile: ASNProfile, to_agency: Agency, by, reason: str,
                 effective_date: date | None = None) -> AgencyTransfer:
    """Move an ASN to another agency (mutasi), recorded by the releasing side.

    All or nothing: the profile and the user move together; the old agency's cohort no longer
    applies and is cleared (cohorts are per agency, and the receiving coordinator places the person
    in one of theirs); open invitations sent by the old agency are cancelled; the badge in play
    follows the person (see `badge_transfer_agency`). Eligibility, stage and social accounts are
    about the person and stay as they are; the audit entry shows that they were carried over.
    """
    reason = (reason or "").strip()
    if len(reason) < MIN_REASON:
        raise ValidationError({"reason": _("Tuliskan alasan mutasi (minimal %(min)s karakter), misalnya nomor dan "
                                           "tanggal SK mutasi; alasan dicatat di riwayat dan log audit.")
                               % {"min": MIN_REASON}})
    today = timezone.localdate()
    effective_date = effective_date or today
    if effective_date > today:
        raise ValidationError({"effective_date": _("Tanggal berlaku mutasi tidak boleh di masa depan. Catat mutasi "
                                                   "pada atau setelah tanggal berlakunya.")})
    with transaction.atomic():
        # Locked and read again: of two transfers at once, the second waits and then sees where the first
        # put the ASN (and is refused if its author no longer manages them) instead of overwriting it.
        locked = ASNProfile.objects.select_for_update().filter(pk=profile.pk, erased_at__isnull=True).first()
        if locked is None:
            raise ValidationError(_("Data ASN ini sudah dihapus dan tidak dapat dipindahkan."))
        require(by, "influencers.transfer", locked)
        from_agency = locked.agency
        if to_agency.pk == from_agency.pk:
            raise ValidationError({"to_agency": _("%(name)s sudah tercatat di %(agency)s. Pilih instansi tujuan yang "
                                                  "lain.") % {"name": locked.full_name, "agency": from_agency}})
        if not to_agency.is_active:
            raise ValidationError({"to_agency": _("%(agency)s tidak aktif di Tangkal. Pilih instansi yang aktif, atau "
                                                  "minta admin program mengaktifkannya.") % {"agency": to_agency}})
        user = User.objects.select_for_update().get(pk=locked.user_id) if locked.user_id else None
        before = {**snapshot(locked, TRANSFER_FIELDS), "user_agency": user.agency_id if user else None}
        old_cohort = locked.cohort.name if locked.cohort_id else None
        locked.region_id = _region_after_transfer(profile=locked, from_agency=from_agency, to_agency=to_agency)
        locked.agency, locked.cohort = to_agency, None
        locked.save(update_fields=["agency", "region", "cohort", "updated_at"])
        if user is not None:
            user.agency = to_agency
            user.save(update_fields=["agency"])
        now = timezone.now()
        # Expired rather than deleted: the person keeps a record of what was sent, and the link says so.
        cancelled = (Invitation.objects.filter(profile=locked, used_at__isnull=True, expires_at__gt=now)
                     .update(expires_at=now, updated_at=now))
        badge_outcome, badge_status = "none", ""
        if user is not None:
            from tangkal.badges.services import badge_transfer_agency

            moved = badge_transfer_agency(holder=user, to_agency=to_agency, by=by, reason=reason)
            badge_outcome, badge_status = moved.outcome, moved.badge.status if moved.badge else ""
        details = {"cohort_cleared": old_cohort, "invitations_cancelled": cancelled, "badge": badge_outcome,
                   "badge_status": badge_status, "eligible_kept": locked.eligible, "stage_kept": locked.stage}
        transfer = AgencyTransfer.objects.create(profile=locked, from_agency=from_agency, to_agency=to_agency,
                                                 by=by, reason=reason, effective_date=effective_date, details=details)
        after = {**snapshot(locked, TRANSFER_FIELDS), "user_agency": user.agency_id if user else None}
        audit_log(actor=by, action="asn.transferred", obj=locked, agency=from_agency, before=before,
                  after={**after, **details, "effective_date": effective_date.isoformat()}, note=reason)

        from tangkal.influencers.tasks import send_transfer_notices

        transaction.on_commit(lambda: send_transfer_notices.enqueue(transfer.pk))
    profile.refresh_from_db()
    return transfer


def transfer_notify(*, transfer_id: int) -> int:
    """E-mail the person and the receiving agency's coordinators about a transfer, at most once."""
    claimed = AgencyTransfer.objects.filter(pk=transfer_id, notified_at__isnull=True).update(notified_at=timezone.now())
    if claimed != 1:
        return 0
    transfer = (AgencyTransfer.objects.select_related("profile", "profile__user", "from_agency", "to_agency")
                .get(pk=transfer_id))
    profile = transfer.profile
    connection = get_connection()
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        context = {"transfer": transfer, "profile": profile, "details": transfer.details,
                   "asn_url": settings.SITE_URL + reverse("influencers:asn", kwargs={"public_id": profile.public_id}),
                   "home_url": settings.SITE_URL + reverse("influencers:home")}
        person = profile.user.email if profile.user_id else profile.email
        if person and profile.erased_at is None:
            _send(to=person, subject=_("Tangkal: Anda tercatat pindah ke %(agency)s") % {"agency": transfer.to_agency},
                  template="influencers/emails/transfer_person.txt", context=context, connection=connection)
            sent += 1
        coordinators = (User.objects.filter(role=Role.COORDINATOR, agency_id=transfer.to_agency_id, is_active=True)
                        .order_by("pk").values_list("email", flat=True))
        for email in coordinators:
            _send(to=email, subject=_("Tangkal: ASN pindah ke instansi Anda"),
                  template="influencers/emails/transfer_coordinator.txt", context=context, connection=connection)
            sent += 1
    return sent
