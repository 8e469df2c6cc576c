"""Writes for campaigns: create, edit, submit, approve, reject, override, close. Launching is in
launch.py, posts and declines in posts.py, points in points.py."""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tangkal.campaigns import guardrails, kit
from tangkal.campaigns.models import Campaign, ProgrammeSettings, Topic
from tangkal.campaigns.targeting import Criteria, estimate
from tangkal.core.audit import audit_log, snapshot
from tangkal.core.permissions import is_coordinator, require

CONTENT_FIELDS = ["headline", "summary", "body", "link_url", "hashtags", "topic", "stamp", "kit", "targeting",
                  "deadline_hours"]
COUNTER_STAMPS = {"BENAR": "FAKTA", "FAKTA": "FAKTA"}


def _site_url(path: str) -> str:
    from django.conf import settings

    return f"{settings.SITE_URL}{path}"


def clarification_for_campaign(public_id) -> object:
    """The published clarification with this public id, or a ValidationError a person can act on."""
    try:
        from tangkal.hoaxes.models import Clarification
    except ImportError:  # pragma: no cover
        raise ValidationError(_("Modul klarifikasi belum tersedia.")) from None
    try:
        key = uuid.UUID(str(public_id))
    except ValueError:
        raise ValidationError(_("Klarifikasi tidak ditemukan.")) from None
    clarification = Clarification.objects.filter(public_id=key).first()
    if clarification is None:
        raise ValidationError(_("Klarifikasi tidak ditemukan."))
    if clarification.status != Clarification.Status.PUBLISHED:
        raise ValidationError(_("Hanya klarifikasi yang sudah terbit dapat dijadikan kampanye."))
    return clarification


def _scope_targeting(targeting: dict, *, agency_id: int | None) -> dict:
    criteria = Criteria.from_json(targeting)
    if agency_id is not None:
        criteria.agencies = [agency_id]  # a coordinator's campaign never leaves their agency
    return criteria.to_json()


def _check_kit(campaign: Campaign) -> None:
    problems = kit.validate(campaign.kit, disclosure=campaign.disclosure)
    if problems:
        raise ValidationError({"kit": problems})


@transaction.atomic
def campaign_create(
    *, by, kind: str, headline: str = "", summary: str = "", body: str = "", link_url: str = "",
    hashtags: str = "", topic: str = Topic.LAINNYA, clarification_public_id=None, targeting: dict | None = None,
    deadline_hours: int = 6,
) -> Campaign:
    require(by, "campaigns.create")
    agency_id = by.agency_id if is_coordinator(by) else None
    disclosure = ProgrammeSettings.current().disclosure
    values = {"headline": headline, "summary": summary, "body": body, "link_url": link_url,
              "hashtags": hashtags, "topic": topic, "stamp": "INFO"}
    clarification = None
    if kind == Campaign.Kind.COUNTER_HOAX:
        clarification = clarification_for_campaign(clarification_public_id)
        values.update(
            headline=headline or clarification.counter_headline or clarification.headline,
            summary=summary or clarification.counter_body or clarification.summary,
            body=body or clarification.body,
            link_url=link_url or _site_url(clarification.get_absolute_url()),
            hashtags=hashtags or "#CekFakta #LawanHoaks",
            topic=topic if topic != Topic.LAINNYA else (clarification.topic or Topic.LAINNYA),
            stamp=COUNTER_STAMPS.get(clarification.verdict, clarification.verdict),
        )
    elif kind != Campaign.Kind.INFORMATION:
        raise ValidationError({"kind": _("Jenis kampanye tidak dikenal.")})
    if not values["headline"].strip() or not values["summary"].strip():
        raise ValidationError(_("Judul dan pesan inti wajib diisi."))
    campaign = Campaign(
        kind=kind, agency_id=agency_id, disclosure=disclosure, created_by=by,
        clarification_public_id=getattr(clarification, "public_id", None),
        clarification_version=getattr(clarification, "version", None),
        targeting=_scope_targeting(targeting or {}, agency_id=agency_id),
        deadline_hours=deadline_hours, **values,
    )
    if not campaign.link_url:
        # An information item written in Tangkal is its own landing page.
        campaign.link_url = _site_url(f"/informasi/{campaign.public_id}/")
    campaign.headline = campaign.headline[:120]
    campaign.kit = kit.build(kind=kind, stamp=campaign.stamp, headline=campaign.headline, summary=campaign.summary,
                             hashtags=campaign.hashtag_list(), disclosure=disclosure)
    campaign.full_clean()
    _check_kit(campaign)
    campaign.save()
    audit_log(actor=by, action="campaign.create", obj=campaign, after=snapshot(campaign, ["kind", "headline"]))
    return campaign


@transaction.atomic
def campaign_update(*, campaign: Campaign, by, regenerate_kit: bool = False, **changes) -> Campaign:
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    require(by, "campaigns.edit", campaign)
    before = snapshot(campaign, CONTENT_FIELDS)
    for name, value in changes.items():
        if name not in CONTENT_FIELDS:
            raise ValueError(f"not an editable field: {name}")
        setattr(campaign, name, value)
    campaign.targeting = _scope_targeting(campaign.targeting, agency_id=campaign.agency_id)
    if regenerate_kit:
        campaign.kit = kit.build(kind=campaign.kind, stamp=campaign.stamp, headline=campaign.headline,
                                 summary=campaign.summary, hashtags=campaign.hashtag_list(),
                                 disclosure=campaign.disclosure)
    campaign.full_clean()
    _check_kit(campaign)
    # An approval covers the words it saw: any edit sends the campaign back to draft.
    campaign.status = Campaign.Status.DRAFT
    campaign.submitted_at = None
    campaign.save()
    audit_log(actor=by, action="campaign.update", obj=campaign, before=before,
              after=snapshot(campaign, CONTENT_FIELDS))
    return campaign


def _transition(campaign: Campaign, *, frm: tuple[str, ...], to: str, **fields) -> bool:
    """Conditional UPDATE: True when this call moved the campaign, False when someone else did."""
    moved = Campaign.objects.filter(pk=campaign.pk, status__in=frm).update(status=to, updated_at=timezone.now(),
                                                                          **fields)
    if moved:
        campaign.refresh_from_db()
    return bool(moved)


@transaction.atomic
def campaign_submit(*, campaign: Campaign, by) -> Campaign:
    require(by, "campaigns.edit", campaign)
    _check_kit(campaign)
    numbers = estimate(Criteria.from_json(campaign.targeting))
    if not _transition(campaign, frm=(Campaign.Status.DRAFT,), to=Campaign.Status.PENDING_APPROVAL,
                       submitted_at=timezone.now(), estimated_influencers=numbers["influencers"],
                       estimated_reach=numbers["reach"], review_note=""):
        raise ValidationError(_("Kampanye ini tidak lagi berstatus draf."))
    audit_log(actor=by, action="campaign.submit", obj=campaign, after=numbers)
    return campaign


@transaction.atomic
def campaign_approve(*, campaign: Campaign, by) -> Campaign:
    if campaign.created_by_id == by.pk:
        raise ValidationError(_("Kampanye harus disetujui oleh staf lain, bukan pembuatnya."))
    require(by, "campaigns.approve", campaign)
    if not _transition(campaign, frm=(Campaign.Status.PENDING_APPROVAL,), to=Campaign.Status.APPROVED,
                       approved_by=by, approved_at=timezone.now()):
        raise ValidationError(_("Kampanye ini tidak sedang menunggu persetujuan."))
    audit_log(actor=by, action="campaign.approve", obj=campaign)
    return campaign


@transaction.atomic
def campaign_reject(*, campaign: Campaign, by, note: str) -> Campaign:
    if campaign.created_by_id == by.pk:
        raise ValidationError(_("Kampanye harus ditinjau oleh staf lain, bukan pembuatnya."))
    require(by, "campaigns.approve", campaign)
    if not note.strip():
        raise ValidationError({"note": _("Tulis alasan agar pembuat dapat memperbaikinya.")})
    if not _transition(campaign, frm=(Campaign.Status.PENDING_APPROVAL,), to=Campaign.Status.DRAFT,
                       review_note=note.strip()[:500], submitted_at=None):
        raise ValidationError(_("Kampanye ini tidak sedang menunggu persetujuan."))
    audit_log(actor=by, action="campaign.reject", obj=campaign, note=note)
    return campaign


@transaction.atomic
def campaign_override(*, campaign: Campaign, by, reason: str) -> Campaign:
    """A programme admin allows a launch despite the current blackout windows and watch-words."""
    require(by, "campaigns.override", campaign)
    if len(reason.strip()) < 10:
        raise ValidationError({"reason": _("Tulis alasan pengecualian (minimal 10 karakter).")})
    current = guardrails.flags(campaign)
    if not current:
        raise ValidationError(_("Tidak ada masa tenang atau kata pantauan yang perlu dikecualikan."))
    before = snapshot(campaign, ["guardrail_flags", "override_reason"])
    Campaign.objects.filter(pk=campaign.pk).update(override_by=by, override_reason=reason.strip()[:500],
                                                   guardrail_flags=current)
    campaign.refresh_from_db()
    audit_log(actor=by, action="campaign.override", obj=campaign, before=before,
              after={"flags": current, "reason": reason.strip()}, note=reason)
    return campaign


@transaction.atomic
def campaign_close(*, campaign: Campaign, by) -> Campaign:
    require(by, "campaigns.launch", campaign)
    if not _transition(campaign, frm=(Campaign.Status.LAUNCHED,), to=Campaign.Status.CLOSED,
                       closed_at=timezone.now()):
        raise ValidationError(_("Hanya kampanye yang berjalan yang dapat diakhiri."))
    from tangkal.campaigns.models import Assignment

    Assignment.objects.filter(campaign=campaign, status=Assignment.Status.PENDING).update(
        status=Assignment.Status.EXPIRED)
    audit_log(actor=by, action="campaign.close", obj=campaign)
    return campaign


@transaction.atomic
def programme_settings_update(*, by, disclosure: str) -> ProgrammeSettings:
    require(by, "campaigns.guardrails")
    row = ProgrammeSettings.current()
    before = snapshot(row, ["disclosure"])
    row.disclosure = disclosure.strip()
    row.updated_by = by
    row.full_clean()
    row.save()
    audit_log(actor=by, action="campaign.settings", obj=row, before=before, after=snapshot(row, ["disclosure"]))
    return row


@transaction.atomic
def blackout_create(*, by, name: str, starts_at, ends_at):
    from tangkal.campaigns.models import BlackoutWindow

    require(by, "campaigns.guardrails")
    window = BlackoutWindow(name=name, starts_at=starts_at, ends_at=ends_at, created_by=by)
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("Waktu selesai harus setelah waktu mulai.")})
    window.full_clean()
    window.save()
    audit_log(actor=by, action="campaign.blackout_create", obj=window,
              after=snapshot(window, ["name", "starts_at", "ends_at"]))
    return window


@transaction.atomic
def blackout_delete(*, by, window) -> None:
    require(by, "campaigns.guardrails")
    audit_log(actor=by, action="campaign.blackout_delete", obj=window,
              before=snapshot(window, ["name", "starts_at", "ends_at"]))
    window.delete()


@transaction.atomic
def watch_word_add(*, by, word: str):
    from tangkal.campaigns.models import WatchWord

    require(by, "campaigns.guardrails")
    word = " ".join(word.split()).lower()
    if not word:
        raise ValidationError({"word": _("Isi kata pantauan.")})
    if WatchWord.objects.filter(word=word).exists():
        raise ValidationError({"word": _("Kata pantauan ini sudah ada.")})
    row = WatchWord.objects.create(word=word[:80], created_by=by)
    audit_log(actor=by, action="campaign.watch_word_add", obj=row, after={"word": row.word})
    return row


@transaction.atomic
def watch_word_delete(*, by, row) -> None:
    require(by, "campaigns.guardrails")
    audit_log(actor=by, action="campaign.watch_word_delete", obj=row, before={"word": row.word})
    row.delete()
