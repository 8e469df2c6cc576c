"""Reactions to other apps' signals, connected in CampaignsConfig.ready()."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Value
from django.db.models.fields import CharField, DateTimeField, IntegerField
from django.utils import timezone
from django.utils.translation import gettext as _


def on_clarification_corrected(sender, clarification, correction=None, **kwargs) -> int:
    """Tell everyone who shared a campaign built on this clarification that it was corrected."""
    from tangkal.campaigns.launch import _insert_select
    from tangkal.campaigns.models import Assignment, Campaign, Notification

    campaigns = list(Campaign.objects.filter(
        clarification_public_id=clarification.public_id,
        status__in=(Campaign.Status.LAUNCHED, Campaign.Status.CLOSED)).values_list("pk", flat=True))
    if not campaigns:
        return 0
    version = getattr(correction, "revision", None) or getattr(clarification, "version", 1) or 1
    note = getattr(correction, "note", "") or ""
    message = (_("Koreksi: %(note)s") % {"note": note})[:500] if note else ""
    created = 0
    for campaign_id in campaigns:
        rows = (
            Assignment.objects.filter(campaign_id=campaign_id, status=Assignment.Status.POSTED).order_by()
            .annotate(n_kind=Value(Notification.Kind.CORRECTED, output_field=CharField()),
                      n_message=Value(message, output_field=CharField()),
                      n_version=Value(version, output_field=IntegerField()),
                      n_created=Value(timezone.now(), output_field=DateTimeField()))
            .values_list("user_id", "n_kind", "campaign_id", "id", "n_message", "n_version", "n_created")
        )
        created += _insert_select(Notification._meta.db_table,
                                  ["user_id", "kind", "campaign_id", "assignment_id", "message", "version",
                                   "created_at"], rows)

        def enqueue(cid=campaign_id):
            from tangkal.campaigns.tasks import send_correction_notices

            send_correction_notices.enqueue(cid, version)

        transaction.on_commit(enqueue)
    return created


# Verdicts that confirm a report was about a real hoax; a BENAR clarification earns its reporters nothing.
_HOAX_VERDICTS_EXCLUDED = {"BENAR", "BELUM TERBUKTI"}


def on_clarification_published(sender, clarification, **kwargs) -> int:
    """Influencers whose reports led to a published debunk earn accuracy points (once per claim)."""
    from django.conf import settings

    from tangkal.accounts.models import User
    from tangkal.campaigns import points
    from tangkal.hoaxes.models import Report

    if clarification.claim_id is None or clarification.verdict in _HOAX_VERDICTS_EXCLUDED:
        return 0
    reporter_ids = Report.objects.filter(claim_id=clarification.claim_id, reporter__role="influencer").values(
        "reporter_id")
    awarded = 0
    for user in User.objects.filter(pk__in=reporter_ids):
        entry = points.award(user=user, reason="accuracy", source=f"claim:{clarification.claim_id}",
                             points=settings.CAMPAIGN_POINTS_ACCURATE_REPORT)
        awarded += entry is not None
    return awarded


def on_certificate_saved(sender, instance, created, **kwargs) -> None:
    """Completing the required training earns points once per certificate."""
    from django.conf import settings

    from tangkal.campaigns import points

    if created and instance.revoked_at is None:
        points.award(user=instance.user, reason="training", source=f"certificate:{instance.pk}",
                     points=settings.CAMPAIGN_POINTS_TRAINING)


def connect() -> None:
    from django.db.models.signals import post_save

    try:
        from tangkal.hoaxes.signals import clarification_corrected, clarification_published
    except ImportError:  # pragma: no cover - the hoaxes app is built alongside
        return
    clarification_corrected.connect(on_clarification_corrected, dispatch_uid="campaigns.clarification_corrected")
    clarification_published.connect(on_clarification_published, dispatch_uid="campaigns.accuracy_points")
    post_save.connect(on_certificate_saved, sender="training.Certificate", dispatch_uid="campaigns.training_points")
