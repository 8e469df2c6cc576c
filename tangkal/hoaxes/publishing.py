"""Writes of clarifications: drafting, the two-person approval that publishes, corrections, withdrawal.

Every save keeps a revision; every state change is audited and announced with a signal.
"""

from __future__ import annotations

import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from tangkal.core.audit import audit_log
from tangkal.core.permissions import require
from tangkal.hoaxes import notify, signals
from tangkal.hoaxes.images import CleanImage
from tangkal.hoaxes.models import (
    Claim,
    Clarification,
    ClarificationImage,
    ClarificationRevision,
    Correction,
)

CONTENT_FIELDS = ["verdict", "headline", "claim_reviewed", "summary", "body", "references", "topic", "region",
                  "counter_headline", "counter_body"]
MAX_IMAGES = 6


def new_slug(headline: str) -> str:
    base = slugify(headline)[:80].strip("-") or "klarifikasi"
    return f"{base}-{secrets.token_hex(3)}"


def _data(clar: Clarification) -> dict:
    data = {name: getattr(clar, name) for name in CONTENT_FIELDS if name != "region"}
    data["region"] = clar.region_id
    data["images"] = [img.image.name for img in clar.images.all()]
    return data


def _revise(clar: Clarification, by) -> ClarificationRevision:
    number = (clar.revisions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    return ClarificationRevision.objects.create(clarification=clar, number=number, by=by, status=clar.status,
                                                data=_data(clar))


def _agency(clar: Clarification):
    return clar.claim.agency if clar.claim_id else None


@transaction.atomic
def clarification_create(*, by, data: dict, claim: Claim | None = None) -> Clarification:
    require(by, "hoaxes.clarification_edit")
    clar = Clarification(claim=claim, author=by, last_editor=by, slug=new_slug(data.get("headline", "")))
    for name in CONTENT_FIELDS:
        if name in data:
            setattr(clar, name, data[name])
    clar.full_clean(exclude=["slug"])
    clar.save()
    if claim is not None:
        # Conditional updates: the caller's copy of the claim may be stale.
        now = timezone.now()
        Claim.objects.filter(pk=claim.pk, first_triaged_at__isnull=True).update(first_triaged_at=now)
        Claim.objects.filter(pk=claim.pk, status=Claim.Status.NEW).update(status=Claim.Status.IN_PROGRESS,
                                                                          updated_at=now)
    _revise(clar, by)
    audit_log(actor=by, action="hoaxes.clarification_created", obj=clar, after=_data(clar), agency=_agency(clar))
    return clar


@transaction.atomic
def clarification_update(*, clarification: Clarification, by, data: dict, correction_note: str = "") -> Clarification:
    """Edit the text. After publication an edit is a correction: it needs a note shown to the public."""
    require(by, "hoaxes.clarification_edit", clarification)
    clar = Clarification.objects.select_for_update().get(pk=clarification.pk)
    if clar.status == Clarification.Status.WITHDRAWN or clar.is_external:
        raise ValidationError(_("Klarifikasi ini tidak bisa diubah lagi."))
    before = _data(clar)
    for name in CONTENT_FIELDS:
        if name in data:
            setattr(clar, name, data[name])
    if _data(clar) == before:
        return clar
    published = clar.is_published
    correction_note = (correction_note or "").strip()
    if published and not correction_note:
        raise ValidationError({"correction_note": _(
            "Klarifikasi ini sudah terbit: tulis catatan koreksi yang akan tampil di halaman publik.")})
    clar.full_clean(exclude=["slug"])
    clar.last_editor = by
    if published:
        clar.version += 1
    clar.save()
    revision = _revise(clar, by)
    audit_log(actor=by, action="hoaxes.clarification_corrected" if published else "hoaxes.clarification_edited",
              obj=clar, before=before, after=_data(clar), note=correction_note, agency=_agency(clar))
    if published:
        correction = Correction.objects.create(clarification=clar, by=by, note=correction_note[:2000],
                                               revision=revision.number)
        signals.clarification_changed.send(sender=Clarification, clarification=clar)
        signals.clarification_corrected.send(sender=Clarification, clarification=clar, correction=correction)
        notify.queue_outcome(reports=_reports_of(clar), clarification=clar, kind="corrected")
    return clar


@transaction.atomic
def clarification_submit(*, clarification: Clarification, by) -> Clarification:
    require(by, "hoaxes.clarification_edit", clarification)
    clar = Clarification.objects.select_for_update().get(pk=clarification.pk)
    if clar.status != Clarification.Status.DRAFT:
        raise ValidationError(_("Hanya draf yang bisa diajukan untuk persetujuan."))
    clar.status = Clarification.Status.IN_REVIEW
    clar.submitted_at = timezone.now()
    clar.save(update_fields=["status", "submitted_at", "updated_at"])
    audit_log(actor=by, action="hoaxes.clarification_submitted", obj=clar, agency=_agency(clar))
    return clar


@transaction.atomic
def clarification_return(*, clarification: Clarification, by, note: str = "") -> Clarification:
    """The reviewer sends the draft back to its author."""
    require(by, "hoaxes.clarification_edit", clarification)
    clar = Clarification.objects.select_for_update().get(pk=clarification.pk)
    if clar.status != Clarification.Status.IN_REVIEW:
        raise ValidationError(_("Hanya klarifikasi yang menunggu persetujuan yang bisa dikembalikan."))
    clar.status = Clarification.Status.DRAFT
    clar.save(update_fields=["status", "updated_at"])
    audit_log(actor=by, action="hoaxes.clarification_returned", obj=clar, note=note[:2000], agency=_agency(clar))
    return clar


@transaction.atomic
def clarification_approve(*, clarification: Clarification, by) -> Clarification:
    """The second person approves, which publishes. The author and the last editor may not."""
    clar = Clarification.objects.select_for_update().get(pk=clarification.pk)
    if clar.status != Clarification.Status.IN_REVIEW:
        raise ValidationError(_("Klarifikasi ini tidak sedang menunggu persetujuan."))
    if not _can_approve(by, clar):
        raise PermissionDenied(_("Penulis atau penyunting terakhir tidak boleh menyetujui klarifikasinya sendiri."))
    now = timezone.now()
    clar.status = Clarification.Status.PUBLISHED
    clar.approved_by = by
    clar.published_at = now
    clar.save(update_fields=["status", "approved_by", "published_at", "updated_at"])
    _revise(clar, by)
    if clar.claim_id:
        claim = clar.claim
        claim.status = Claim.Status.ANSWERED
        claim.answered_at = claim.answered_at or now
        claim.priority = 0
        claim.save(update_fields=["status", "answered_at", "priority", "updated_at"])
    audit_log(actor=by, action="hoaxes.clarification_published", obj=clar,
              after={"slug": clar.slug, "verdict": clar.verdict}, agency=_agency(clar))
    signals.clarification_published.send(sender=Clarification, clarification=clar)
    notify.queue_outcome(reports=_reports_of(clar), clarification=clar, kind="published")
    return clar


def _can_approve(user, clar: Clarification) -> bool:
    from tangkal.core.permissions import can

    return can(user, "hoaxes.clarification_approve", clar)


@transaction.atomic
def clarification_withdraw(*, clarification: Clarification, by, reason: str) -> Clarification:
    require(by, "hoaxes.clarification_withdraw", clarification)
    clar = Clarification.objects.select_for_update().get(pk=clarification.pk)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Tulis alasan penarikan.")})
    if clar.status == Clarification.Status.WITHDRAWN:
        return clar
    was_published = clar.is_published
    clar.status = Clarification.Status.WITHDRAWN
    clar.withdrawn_at = timezone.now()
    clar.withdrawn_reason = reason[:2000]
    clar.save(update_fields=["status", "withdrawn_at", "withdrawn_reason", "updated_at"])
    _revise(clar, by)
    if clar.claim_id and clar.claim.status == Claim.Status.ANSWERED and not clar.claim.clarifications.filter(
            status=Clarification.Status.PUBLISHED).exists():
        Claim.objects.filter(pk=clar.claim_id).update(status=Claim.Status.IN_PROGRESS)
    audit_log(actor=by, action="hoaxes.clarification_withdrawn", obj=clar, note=reason, agency=_agency(clar))
    if was_published:
        signals.clarification_withdrawn.send(sender=Clarification, clarification=clar)
    return clar


@transaction.atomic
def clarification_add_image(*, clarification: Clarification, by, image: CleanImage, alt_text: str,
                            correction_note: str = "") -> ClarificationImage:
    require(by, "hoaxes.clarification_edit", clarification)
    if clarification.images.count() >= MAX_IMAGES:
        raise ValidationError({"image": _("Paling banyak %(n)s gambar per klarifikasi.") % {"n": MAX_IMAGES}})
    alt_text = (alt_text or "").strip()
    if not alt_text:
        raise ValidationError({"alt_text": _("Tulis teks alternatif: apa isi gambar ini bagi yang tidak bisa melihatnya.")})
    if clarification.is_published and not correction_note.strip():
        raise ValidationError({"correction_note": _("Klarifikasi ini sudah terbit: tulis catatan koreksi.")})
    row = ClarificationImage(clarification=clarification, extension=image.extension, alt_text=alt_text[:300])
    row.image.save(f"x.{image.extension}", image.content, save=False)
    try:
        row.save()
        clar = Clarification.objects.get(pk=clarification.pk)
        clar.last_editor = by
        if clar.is_published:
            clar.version += 1
        clar.save(update_fields=["last_editor", "version", "updated_at"])
        revision = _revise(clar, by)
        audit_log(actor=by, action="hoaxes.clarification_image_added", obj=clar, after={"image": row.image.name},
                  agency=_agency(clar))
        if clar.is_published:
            correction = Correction.objects.create(clarification=clar, by=by, note=correction_note.strip()[:2000],
                                                   revision=revision.number)
            signals.clarification_changed.send(sender=Clarification, clarification=clar)
            signals.clarification_corrected.send(sender=Clarification, clarification=clar, correction=correction)
            notify.queue_outcome(reports=_reports_of(clar), clarification=clar, kind="corrected")
    except Exception:
        row.image.storage.delete(row.image.name)
        raise
    return row


@transaction.atomic
def clarification_remove_image(*, image: ClarificationImage, by) -> None:
    clar = image.clarification
    require(by, "hoaxes.clarification_edit", clar)
    if clar.is_published:
        raise ValidationError(_("Gambar klarifikasi yang sudah terbit tidak dihapus; tambahkan koreksi."))
    name = image.image.name
    image.delete()
    clar.last_editor = by
    clar.save(update_fields=["last_editor", "updated_at"])
    _revise(clar, by)
    audit_log(actor=by, action="hoaxes.clarification_image_removed", obj=clar, before={"image": name},
              agency=_agency(clar))
    transaction.on_commit(lambda: clar.images.model.image.field.storage.delete(name))


def _reports_of(clar: Clarification):
    from tangkal.hoaxes.models import Report

    if not clar.claim_id:
        return Report.objects.filter(matched_clarification=clar, match_confident=True)
    return Report.objects.filter(claim_id=clar.claim_id) | Report.objects.filter(
        matched_clarification=clar, match_confident=True)
