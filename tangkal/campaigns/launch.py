"""Launching a campaign: one assignment and one in-app notification per targeted influencer,
created by set-based INSERT … SELECT statements inside one transaction, then one email/Telegram
task per batch of assignments, enqueued after commit.

A double click cannot launch twice: the campaign moves approved → launching with a conditional
UPDATE (the second request matches no row), and (campaign, user) is unique on assignments.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import F, Value
from django.db.models.expressions import RawSQL
from django.db.models.fields import CharField, DateTimeField, IntegerField
from django.utils import timezone
from django.utils.translation import gettext as _

from tangkal.campaigns import guardrails, kit, links
from tangkal.campaigns.models import Assignment, Campaign, Notification
from tangkal.campaigns.targeting import Criteria, followers_subquery, targeted_profiles
from tangkal.core.audit import audit_log
from tangkal.core.permissions import require

logger = logging.getLogger(__name__)


class AlreadyLaunched(ValidationError):
    pass


def _insert_select(table: str, columns: list[str], queryset) -> int:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({', '.join(columns)}) {sql} ON CONFLICT DO NOTHING", params
        )
        return cursor.rowcount


def _insert_assignments(campaign: Campaign, *, now, deadline, retry: bool = False) -> int:
    criteria = Criteria.from_json(campaign.targeting)
    profiles = targeted_profiles(criteria)
    if retry:
        profiles = profiles.exclude(user_id__in=Assignment.objects.filter(campaign=campaign).values("user_id"))
    rows = (
        profiles.order_by()
        .annotate(
            a_campaign=Value(campaign.pk, output_field=IntegerField()),
            a_followers=followers_subquery(criteria),
            # A constant expression of our own (no input), evaluated by the database once per row.
            a_code=RawSQL(links.code_sql(connection.vendor), [], output_field=CharField()),  # noqa: S611
            a_variant=F("user_id") % kit.VARIANTS,
            a_status=Value(Assignment.Status.PENDING, output_field=CharField()),
            a_created=Value(now, output_field=DateTimeField()),
            a_deadline=Value(deadline, output_field=DateTimeField()),
            a_reason=Value("", output_field=CharField()),
        )
        .values_list("a_campaign", "user_id", "agency_id", "region_id", "a_followers", "a_code", "a_variant",
                     "a_status", "a_created", "a_deadline", "a_reason")
    )
    columns = ["campaign_id", "user_id", "agency_id", "region_id", "followers", "code", "variant", "status",
               "created_at", "deadline_at", "decline_reason"]
    return _insert_select(Assignment._meta.db_table, columns, rows)


def _insert_notifications(campaign: Campaign, *, now) -> int:
    rows = (
        Assignment.objects.filter(campaign=campaign).order_by()
        .annotate(
            n_kind=Value(Notification.Kind.LAUNCHED, output_field=CharField()),
            n_message=Value("", output_field=CharField()),
            n_version=Value(1, output_field=IntegerField()),
            n_created=Value(now, output_field=DateTimeField()),
        )
        .values_list("user_id", "n_kind", "campaign_id", "id", "n_message", "n_version", "n_created")
    )
    columns = ["user_id", "kind", "campaign_id", "assignment_id", "message", "version", "created_at"]
    return _insert_select(Notification._meta.db_table, columns, rows)


def notification_batches(campaign_id: int, size: int) -> list[tuple[int, int]]:
    """[(first id, last id)] covering the campaign's assignments in batches of `size`."""
    ids = list(Assignment.objects.filter(campaign_id=campaign_id).order_by("id").values_list("id", flat=True))
    return [(ids[i], ids[min(i + size, len(ids)) - 1]) for i in range(0, len(ids), size)]


def campaign_launch(*, campaign: Campaign, by) -> Campaign:
    """Launch an approved campaign; raises AlreadyLaunched for a second click, ValidationError when
    a guardrail needs an override. All or nothing."""
    require(by, "campaigns.launch", campaign)
    with transaction.atomic():
        current = Campaign.objects.get(pk=campaign.pk)
        if current.status in (Campaign.Status.LAUNCHING, Campaign.Status.LAUNCHED, Campaign.Status.CLOSED):
            raise AlreadyLaunched(_("Kampanye ini sudah diluncurkan."))
        if current.status != Campaign.Status.APPROVED:
            raise ValidationError(_("Kampanye harus disetujui staf lain sebelum diluncurkan."))
        pending = guardrails.unresolved(current)
        if pending:
            raise ValidationError(
                _("Peluncuran memerlukan pengecualian tertulis dari admin program: %(what)s.")
                % {"what": "; ".join(guardrails.describe(pending))}
            )
        now = timezone.now()
        deadline = now + timedelta(hours=current.deadline_hours)
        claimed = Campaign.objects.filter(pk=current.pk, status=Campaign.Status.APPROVED).update(
            status=Campaign.Status.LAUNCHING, launched_by=by, launched_at=now, deadline_at=deadline, updated_at=now)
        if not claimed:
            raise AlreadyLaunched(_("Kampanye ini sudah diluncurkan."))
        current.refresh_from_db()
        _insert_assignments(current, now=now, deadline=deadline)
        total = Assignment.objects.filter(campaign=current).count()
        expected = targeted_profiles(Criteria.from_json(current.targeting)).count()
        for _attempt in range(5):
            # A clash of random codes skips that row (ON CONFLICT); a further pass adds only the missing.
            if total >= expected:
                break
            _insert_assignments(current, now=now, deadline=deadline, retry=True)
            total = Assignment.objects.filter(campaign=current).count()
        _insert_notifications(current, now=now)
        Campaign.objects.filter(pk=current.pk).update(status=Campaign.Status.LAUNCHED, assignments_count=total)
        current.refresh_from_db()
        audit_log(actor=by, action="campaign.launch", obj=current,
                  after={"assignments": total, "deadline_at": deadline.isoformat()},
                  note=current.override_reason and f"override: {current.override_reason}")
        campaign_id = current.pk
        transaction.on_commit(lambda: enqueue_launch_notices(campaign_id))
    campaign.refresh_from_db()
    return campaign


def enqueue_launch_notices(campaign_id: int) -> int:
    from tangkal.campaigns.tasks import send_launch_batch

    batches = notification_batches(campaign_id, settings.CAMPAIGN_NOTIFY_BATCH)
    for first, last in batches:
        send_launch_batch.enqueue(campaign_id, first, last)
    return len(batches)
