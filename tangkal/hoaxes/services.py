"""Writes of the hoax desk: intake and triage. Publishing lives in `publishing.py`."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tangkal.core.audit import audit_log, snapshot
from tangkal.core.permissions import require
from tangkal.hoaxes import contacts, notify
from tangkal.hoaxes import text as textsim
from tangkal.hoaxes.clustering import (
    ReportFeatures,
    claim_title_for,
    find_claim,
    lock_matching,
    refresh_claim_stats,
)
from tangkal.hoaxes.hooks import match_report
from tangkal.hoaxes.images import CleanImage
from tangkal.hoaxes.models import (
    AgencyRoute,
    Claim,
    ClaimNote,
    Clarification,
    Platform,
    Reach,
    Report,
    ReportImage,
    Tag,
    TextSignature,
    Topic,
)

logger = logging.getLogger(__name__)

MAX_TEXT = 5000
MAX_IMAGES = 3


def validate_report_input(*, text: str, url: str, images: list, platform: str, reach: int) -> dict[str, str]:
    """Field → Indonesian message for every rule a report breaks; empty when it is acceptable."""
    errors: dict[str, str] = {}
    if len(text) > MAX_TEXT:
        errors["text"] = _("Isi pesan terlalu panjang: %(n)s karakter, batasnya %(max)s.") % {
            "n": len(text), "max": MAX_TEXT}
    if url:
        try:
            URLValidator(schemes=["http", "https"])(url)
            if len(url) > 1000:
                raise ValidationError("long")
        except ValidationError:
            errors["url"] = _("Tautan tidak valid. Salin alamat lengkap yang diawali https://")
    if len(images) > MAX_IMAGES:
        errors["images"] = _("Paling banyak %(max)s gambar per laporan.") % {"max": MAX_IMAGES}
    if not text.strip() and not url and not images and not errors:
        errors["text"] = _("Tempel isi pesan, tautan, atau unggah gambar yang ingin diperiksa.")
    if platform not in Platform.values:
        errors["platform"] = _("Pilih tempat Anda melihat pesan ini.")
    if reach not in Reach.values:
        errors["reach"] = _("Pilihan jangkauan tidak dikenal.")
    return errors


def report_submit(
    *,
    text: str = "",
    url: str = "",
    platform: str = Platform.OTHER,
    region=None,
    reach: int = Reach.UNKNOWN,
    images: Iterable[CleanImage] = (),
    contact_email: str = "",
    telegram_chat_id: str = "",
    channel: str = Report.Channel.WEB,
    reporter=None,
) -> Report:
    """Store one report and attach it to its claim in the same transaction; then ask the matchers."""
    text = text.replace("\x00", "").strip()
    url = url.strip()
    images = list(images)
    errors = validate_report_input(text=text, url=url, images=images, platform=platform, reach=int(reach))
    if errors:
        raise ValidationError(errors)
    contact_kind = contact_value = ""
    if contact_email:
        contact_kind, contact_value = Report.ContactKind.EMAIL, contacts.parse_email_contact(contact_email)
    elif telegram_chat_id:
        contact_kind, contact_value = Report.ContactKind.TELEGRAM, str(telegram_chat_id)
    features = ReportFeatures.of(text=text, url=url, phashes=[img.phash for img in images])
    stored: list[ReportImage] = []
    try:
        with transaction.atomic():
            report = Report.objects.create(
                channel=channel, text=text, url=url, url_key=features.url_key,
                text_fingerprint=textsim.fingerprint(features.normalised) if features.normalised else "",
                platform=platform, region=region, reach=int(reach),
                reporter=reporter if getattr(reporter, "is_authenticated", False) else None,
                contact_kind=contact_kind,
                contact_encrypted=contacts.encrypt(contact_value) if contact_value else "",
                contact_hash=contacts.contact_hash(contact_value) if contact_value else "",
            )
            for img in images:
                row = ReportImage(report=report, extension=img.extension, phash=img.phash)
                row.image.save(f"x.{img.extension}", img.content, save=False)
                stored.append(row)
                row.save()
            _attach(report=report, features=features)
    except Exception:
        for row in stored:  # nothing half-saved: the files go with the rolled-back rows
            row.image.storage.delete(row.image.name)
        raise
    match_report(report)
    return report


def _attach(*, report: Report, features: ReportFeatures) -> Claim:
    lock_matching(features)  # until commit: an identical report filed at the same instant waits for our claim
    now = timezone.now()
    claim = find_claim(features, exclude_report=report.pk)
    if claim is None:
        claim = Claim.objects.create(title=claim_title_for(report), region=report.region,
                                     first_reported_at=report.created_at, last_reported_at=report.created_at)
    report.claim = claim
    report.attached_at = now
    report.save(update_fields=["claim", "attached_at"])
    ReportImage.objects.filter(report=report).update(claim=claim)
    if features.band_keys:
        TextSignature.objects.bulk_create(
            [TextSignature(report=report, claim=claim, key=key) for key in features.band_keys])
    refresh_claim_stats(claim, now=now)
    if claim.region_id is None and report.region_id:
        claim.region_id = report.region_id
    claim.save()
    # A claim already answered answers this reporter too.
    published = claim.clarifications.filter(status=Clarification.Status.PUBLISHED).order_by("-published_at").first()
    if published is not None:
        notify.queue_outcome(reports=[report], clarification=published, kind="published")
    return claim


def report_attach_pending(*, limit: int = 500) -> int:
    """Attach reports left without a claim (a crash between steps); idempotent."""
    done = 0
    for report in Report.objects.filter(claim__isnull=True).order_by("created_at")[:limit]:
        with transaction.atomic():
            locked = Report.objects.select_for_update().filter(pk=report.pk, claim__isnull=True).first()
            if locked is None:
                continue
            phashes = list(locked.images.values_list("phash", flat=True))
            _attach(report=locked, features=ReportFeatures.of(text=locked.text, url=locked.url, phashes=phashes))
            done += 1
    return done


@transaction.atomic
def report_contact_delete(*, report: Report) -> Report:
    """Erase the reporter's contact on their request (the tracking code is the proof of ownership)."""
    report.contact_encrypted = ""
    report.contact_hash = ""
    report.contact_kind = ""
    report.save(update_fields=["contact_encrypted", "contact_hash", "contact_kind", "updated_at"])
    audit_log(actor=None, action="hoaxes.report_contact_deleted", obj=report, object_label=report.tracking_code)
    return report


@transaction.atomic
def report_link_clarification(*, report: Report, clarification: Clarification, confident: bool,
                              notify_reporter: bool = True) -> Report:
    """Called by claim matching: this report is about an existing clarification.

    A confident match on a published clarification answers the reporter at once; an unsure one is
    only shown to the desk as a suggestion on the claim.
    """
    report.matched_clarification = clarification
    report.match_confident = bool(confident)
    report.save(update_fields=["matched_clarification", "match_confident", "updated_at"])
    if report.claim_id:
        report.claim.related_clarifications.add(clarification)
    if confident and clarification.is_published and notify_reporter:
        notify.queue_outcome(reports=[report], clarification=clarification, kind="matched")
    return report


# --- triage -------------------------------------------------------------------------------------

TRIAGE_FIELDS = ["title", "status", "topic", "region", "tags", "agency", "assignee"]


def route_agency(*, topic: str, region) -> object | None:
    """The agency responsible for a topic in a region: the regional route, then its province, then national."""
    if not topic:
        return None
    codes = []
    if region is not None:
        codes = [region.code, region.province_code]
    for code in codes:
        route = AgencyRoute.objects.filter(topic=topic, region_id=code).select_related("agency").first()
        if route:
            return route.agency
    route = AgencyRoute.objects.filter(topic=topic, region__isnull=True).select_related("agency").first()
    return route.agency if route else None


@transaction.atomic
def claim_update(*, claim: Claim, by, changes: dict) -> Claim:
    require(by, "hoaxes.claim_triage", claim)
    before = snapshot(claim, TRIAGE_FIELDS)
    unknown = set(changes) - set(TRIAGE_FIELDS)
    if unknown:
        raise ValueError(f"unknown claim fields {unknown}")
    if "tags" in changes:
        changes["tags"] = sorted({t for t in changes["tags"] if t in Tag.values})
    if changes.get("topic") and changes["topic"] not in Topic.values:
        raise ValidationError({"topic": _("Topik tidak dikenal.")})
    assignee = changes.get("assignee")
    if assignee is not None and not (assignee.is_verifier or assignee.is_programme_admin):
        raise ValidationError({"assignee": _("Klaim hanya bisa ditugaskan ke verifikator atau admin.")})
    if changes.get("status") in (Claim.Status.MERGED, Claim.Status.ANSWERED):
        raise ValidationError({"status": _("Status ini diatur oleh penggabungan atau penerbitan.")})
    for name, value in changes.items():
        setattr(claim, name, value)
    if claim.agency_id is None and "agency" not in changes:
        claim.agency = route_agency(topic=claim.topic, region=claim.region)
    if claim.first_triaged_at is None:
        claim.first_triaged_at = timezone.now()
        if claim.status == Claim.Status.NEW:
            claim.status = Claim.Status.IN_PROGRESS
    refresh_claim_stats(claim)
    claim.save()
    audit_log(actor=by, action="hoaxes.claim_updated", obj=claim, before=before,
              after=snapshot(claim, TRIAGE_FIELDS), agency=claim.agency)
    return claim


def _mark_triaged(claim: Claim) -> None:
    if claim.first_triaged_at is None:
        claim.first_triaged_at = timezone.now()
        if claim.status == Claim.Status.NEW:
            claim.status = Claim.Status.IN_PROGRESS


@transaction.atomic
def claim_add_note(*, claim: Claim, by, text: str = "", url: str = "", kind: str = ClaimNote.Kind.NOTE) -> ClaimNote:
    require(by, "hoaxes.claim_note", claim)
    text = text.strip()
    if not text and not url:
        raise ValidationError({"text": _("Tulis catatan atau isi tautan bukti.")})
    note = ClaimNote.objects.create(claim=claim, author=by, text=text[:4000], url=url, kind=kind)
    audit_log(actor=by, action="hoaxes.claim_note_added", obj=claim, after={"kind": kind, "url": url},
              agency=claim.agency)
    return note


@transaction.atomic
def claim_merge(*, source: Claim, target: Claim, by) -> Claim:
    """Move every report of `source` into `target`; `source` remains as a pointer to it."""
    require(by, "hoaxes.claim_triage", source)
    require(by, "hoaxes.claim_triage", target)
    if source.pk == target.pk:
        raise ValidationError({"target": _("Klaim tidak bisa digabung dengan dirinya sendiri.")})
    if not target.is_open and target.status != Claim.Status.ANSWERED or not source.is_open:
        raise ValidationError({"target": _("Hanya klaim yang masih terbuka yang bisa digabung.")})
    source.reports.update(claim=target)
    ReportImage.objects.filter(claim=source).update(claim=target)
    TextSignature.objects.filter(claim=source).update(claim=target)
    ClaimNote.objects.filter(claim=source).update(claim=target)
    target.related_clarifications.add(*source.related_clarifications.all())
    source.status = Claim.Status.MERGED
    source.merged_into = target
    refresh_claim_stats(source)
    source.save()
    target.first_triaged_at = min(filter(None, [target.first_triaged_at, source.first_triaged_at]), default=None)
    _mark_triaged(target)
    refresh_claim_stats(target)
    target.save()
    audit_log(actor=by, action="hoaxes.claim_merged", obj=target, before={"source": str(source.public_id)},
              after={"report_count": target.report_count}, agency=target.agency)
    published = target.clarifications.filter(status=Clarification.Status.PUBLISHED).order_by("-published_at").first()
    if published is not None:
        notify.queue_outcome(reports=target.reports.all(), clarification=published, kind="published")
    return target


@transaction.atomic
def claim_split(*, claim: Claim, report_ids: list[int], by) -> Claim:
    """Move the chosen reports out of `claim` into a new claim of their own."""
    require(by, "hoaxes.claim_triage", claim)
    moving = list(claim.reports.filter(pk__in=report_ids).order_by("created_at"))
    if not moving:
        raise ValidationError({"reports": _("Pilih laporan yang ingin dipisahkan.")})
    if len(moving) == claim.reports.count():
        raise ValidationError({"reports": _("Sisakan paling sedikit satu laporan di klaim ini.")})
    new = Claim.objects.create(title=claim_title_for(moving[0]), topic=claim.topic, region=claim.region,
                               tags=claim.tags, agency=claim.agency, first_triaged_at=timezone.now(),
                               status=Claim.Status.IN_PROGRESS, first_reported_at=moving[0].created_at)
    ids = [r.pk for r in moving]
    Report.objects.filter(pk__in=ids).update(claim=new)
    ReportImage.objects.filter(report_id__in=ids).update(claim=new)
    TextSignature.objects.filter(report_id__in=ids).update(claim=new)
    for target in (claim, new):
        refresh_claim_stats(target)
        target.save()
    audit_log(actor=by, action="hoaxes.claim_split", obj=claim, after={"new_claim": str(new.public_id),
              "reports": len(ids)}, agency=claim.agency)
    return new


def claims_reprioritise() -> int:
    """Recompute the priority of open claims: velocity decays as the reports slow down."""
    n = 0
    now = timezone.now()
    for claim in Claim.objects.filter(status__in=[Claim.Status.NEW, Claim.Status.IN_PROGRESS]).iterator():
        new = refresh_claim_stats(claim, now=now).priority
        Claim.objects.filter(pk=claim.pk).update(priority=new, report_count=claim.report_count)
        n += 1
    return n

