"""The 500-follower rule, applied set-based: one code path for one ASN and for four million.

The outcome of the latest decision is kept on ASNProfile (eligible, eligibility_reason,
counted_followers, below_since). A recompute builds a work table from the accounts in one SELECT,
inserts a decision for every ASN whose outcome or policy changed, and updates only the profiles
whose outcome changed — three statements whatever the number of ASN.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tangkal.core.audit import audit_log
from tangkal.influencers.models import ASNProfile, EligibilityDecision, EligibilityPolicy, Reason, Stage

WORK = "tgk_eligibility_work"


def policy_current() -> EligibilityPolicy:
    policy = EligibilityPolicy.objects.order_by("-version").first()
    if policy is None:
        policy, _created = EligibilityPolicy.objects.get_or_create(
            version=1, defaults={"note": "Kebijakan awal: minimal 500 pengikut pada akun terverifikasi terbesar."}
        )
    return policy


@transaction.atomic
def policy_set(*, threshold: int, counting: str, max_snapshot_age_days: int, grace_days: int, note: str,
               by) -> EligibilityPolicy:
    """A new policy version; every ASN is recomputed in the background after the commit."""
    from tangkal.influencers import tasks

    before = policy_current()
    latest = EligibilityPolicy.objects.select_for_update().order_by("-version").first()
    policy = EligibilityPolicy.objects.create(
        version=(latest.version if latest else 0) + 1, threshold=threshold, counting=counting,
        max_snapshot_age_days=max_snapshot_age_days, grace_days=grace_days, note=note, created_by=by,
    )
    fields = ["version", "threshold", "counting", "max_snapshot_age_days", "grace_days"]
    audit_log(actor=by, action="eligibility.policy_set", obj=policy,
              before={f: getattr(before, f) for f in fields}, after={f: getattr(policy, f) for f in fields},
              note=note)
    transaction.on_commit(lambda: tasks.eligibility_recompute_all.enqueue(policy.pk))
    return policy


def _dt(value: datetime):
    return connection.ops.adapt_datetimefield_value(value)


def eligibility_recompute(*, profile_ids: list[int] | None = None, policy: EligibilityPolicy | None = None,
                          now: datetime | None = None) -> int:
    """Apply the policy to the given ASN (all when None); returns how many decisions were stored."""
    policy = policy or policy_current()
    now = now or timezone.now()
    if profile_ids is not None and not profile_ids:
        return 0
    stale_cutoff = now - timedelta(days=policy.max_snapshot_age_days)
    grace_cutoff = now - timedelta(days=policy.grace_days)
    counted = "agg.largest" if policy.counting == EligibilityPolicy.Counting.LARGEST else "agg.total"
    only_accounts, only_profiles, id_params = "", "", []
    if profile_ids is not None:
        marks = ", ".join(["%s"] * len(profile_ids))
        only_accounts = f" AND profile_id IN ({marks})"
        only_profiles = f" WHERE p.id IN ({marks})"
        id_params = list(profile_ids)
    in_grace = "(b.was_eligible AND b.raw_reason IN ('below_threshold', 'stale_snapshot') " \
               "AND COALESCE(b.below_since, %s) > %s)"
    postgres = connection.vendor == "postgresql"
    columns = [("profile_id", "bigint"), ("was_eligible", "boolean"), ("old_reason", "varchar(30)"),
               ("old_policy", "bigint"), ("old_counted", "bigint"), ("n_verified", "integer"),
               ("counted", "bigint"), ("platform", "varchar(20)"), ("old_below_since", "timestamptz"),
               ("new_eligible", "boolean"), ("new_reason", "varchar(30)"), ("new_below_since", "timestamptz")]
    if postgres:
        create = f"CREATE TEMP TABLE {WORK} ({', '.join(f'{n} {t}' for n, t in columns)}) ON COMMIT DROP"
    else:
        create = f"CREATE TEMP TABLE {WORK} ({', '.join(n for n, _t in columns)})"
    build = f"""
        INSERT INTO {WORK} ({', '.join(n for n, _t in columns)})
        WITH acc AS (
            SELECT profile_id, platform, followers,
                   ROW_NUMBER() OVER (PARTITION BY profile_id ORDER BY followers DESC, id) AS rn
            FROM influencers_socialaccount
            WHERE verification = 'verified' AND status = 'active' AND followers IS NOT NULL
                  AND followers_measured_at >= %s{only_accounts}
        ), agg AS (
            SELECT profile_id, MAX(followers) AS largest, SUM(followers) AS total,
                   MAX(CASE WHEN rn = 1 THEN platform END) AS top_platform
            FROM acc GROUP BY profile_id
        ), ver AS (
            SELECT profile_id, COUNT(*) AS n FROM influencers_socialaccount
            WHERE verification = 'verified' AND status = 'active'{only_accounts} GROUP BY profile_id
        ), b AS (
            SELECT p.id AS profile_id, p.eligible AS was_eligible, p.below_since,
                   p.eligibility_reason AS old_reason,
                   (SELECT d.policy_id FROM influencers_eligibilitydecision d WHERE d.profile_id = p.id
                    ORDER BY d.id DESC LIMIT 1) AS old_policy,
                   p.counted_followers AS old_counted, COALESCE(ver.n, 0) AS n_verified,
                   COALESCE({counted}, 0) AS counted,
                   COALESCE(CASE WHEN %s = 'largest' THEN agg.top_platform END, '') AS platform,
                   CASE WHEN NOT p.is_active THEN 'inactive'
                        WHEN ver.n IS NULL THEN 'no_verified_account'
                        WHEN agg.profile_id IS NULL THEN 'stale_snapshot'
                        WHEN {counted} < %s THEN 'below_threshold'
                        ELSE 'ok' END AS raw_reason
            FROM influencers_asnprofile p
            LEFT JOIN agg ON agg.profile_id = p.id
            LEFT JOIN ver ON ver.profile_id = p.id{only_profiles}
        )
        SELECT b.profile_id, b.was_eligible, b.old_reason, b.old_policy, b.old_counted, b.n_verified,
               b.counted, b.platform, b.below_since AS old_below_since,
               CASE WHEN b.raw_reason = 'ok' THEN TRUE WHEN {in_grace} THEN TRUE ELSE FALSE END AS new_eligible,
               CASE WHEN b.raw_reason = 'ok' THEN 'ok' WHEN {in_grace} THEN 'grace' ELSE b.raw_reason END
                   AS new_reason,
               CASE WHEN b.raw_reason = 'ok' THEN NULL
                    WHEN b.was_eligible AND b.raw_reason IN ('below_threshold', 'stale_snapshot')
                        THEN COALESCE(b.below_since, %s)
                    WHEN b.old_reason IN ('below_threshold', 'stale_snapshot') THEN b.below_since
                    ELSE NULL END AS new_below_since
        FROM b
    """  # noqa: S608
    build_params = ([_dt(stale_cutoff)] + id_params + id_params + [policy.counting, policy.threshold] + id_params
                    + [_dt(now), _dt(grace_cutoff)] * 2 + [_dt(now)])
    changed = ("(w.old_policy IS NULL OR w.old_policy <> %s OR w.new_eligible <> w.was_eligible "
               "OR w.new_reason <> w.old_reason)")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {WORK}")
        cursor.execute(create)
        cursor.execute(build, build_params)
        if postgres:
            cursor.execute(f"ANALYZE {WORK}")
        cursor.execute(
            f"""INSERT INTO influencers_eligibilitydecision
                    (profile_id, policy_id, eligible, reason, counted_followers, platform, below_since, decided_at)
                SELECT w.profile_id, %s, w.new_eligible, w.new_reason, w.counted, w.platform, w.new_below_since, %s
                FROM {WORK} w WHERE {changed}""",  # noqa: S608
            [policy.pk, _dt(now), policy.pk],
        )
        stored = cursor.rowcount
        cursor.execute(
            f"""UPDATE influencers_asnprofile SET
                    eligible = w.new_eligible, eligibility_reason = w.new_reason, counted_followers = w.counted,
                    below_since = w.new_below_since,
                    stage = CASE WHEN influencers_asnprofile.stage IN ('registered', 'accounts_verified', 'eligible')
                                 THEN CASE WHEN w.new_eligible THEN 'eligible'
                                           WHEN w.n_verified > 0 THEN 'accounts_verified'
                                           ELSE 'registered' END
                                 ELSE influencers_asnprofile.stage END
                FROM {WORK} w
                WHERE w.profile_id = influencers_asnprofile.id
                  AND (w.new_eligible <> w.was_eligible OR w.new_reason <> w.old_reason OR w.old_counted IS NULL OR w.old_counted <> w.counted
                       OR w.old_below_since IS DISTINCT FROM w.new_below_since
                       OR (influencers_asnprofile.stage IN ('registered', 'accounts_verified', 'eligible')
                           AND influencers_asnprofile.stage <> CASE WHEN w.new_eligible THEN 'eligible'
                                 WHEN w.n_verified > 0 THEN 'accounts_verified' ELSE 'registered' END))""",  # noqa: S608
        )
        if not postgres:
            cursor.execute(f"DROP TABLE IF EXISTS {WORK}")
    return stored


def recompute_profile(profile: ASNProfile) -> None:
    eligibility_recompute(profile_ids=[profile.pk])
    profile.refresh_from_db()


def grace_until(profile: ASNProfile, policy: EligibilityPolicy | None = None):
    if profile.eligibility_reason != Reason.GRACE or profile.below_since is None:
        return None
    policy = policy or policy_current()
    return profile.below_since + timedelta(days=policy.grace_days)


def explain(profile: ASNProfile, policy: EligibilityPolicy | None = None) -> dict:
    """The decision in plain words for the ASN: a sentence and what to do next."""
    from tangkal.connectors.registry import connectors

    policy = policy or policy_current()
    reason = profile.eligibility_reason or Reason.NO_VERIFIED_ACCOUNT
    count = profile.counted_followers or 0
    decision = EligibilityDecision.objects.filter(profile=profile).order_by("-id").first()
    platform = decision.platform if decision else ""
    label = connectors()[platform].label if platform in connectors() else ""
    words = {"count": f"{count:,}".replace(",", "."), "threshold": f"{policy.threshold:,}".replace(",", "."),
             "platform": label, "days": policy.max_snapshot_age_days}
    if policy.counting == EligibilityPolicy.Counting.SUM or not label:
        measured = _("Jumlah pengikut akun terverifikasi Anda %(count)s") % words
    else:
        measured = _("Akun %(platform)s Anda %(count)s pengikut") % words
    if reason == Reason.OK:
        sentence = _("Anda memenuhi syarat. %(measured)s; minimal %(threshold)s.") % {**words, "measured": measured}
        next_step = _("Lanjutkan ke pelatihan Influencer ASN.")
    elif reason == Reason.GRACE:
        until = grace_until(profile, policy)
        sentence = _("%(measured)s; minimal %(threshold)s. Anda masih dalam masa tenggang sampai %(date)s.") % {
            **words, "measured": measured, "date": until.strftime("%d-%m-%Y") if until else "-"}
        next_step = _("Naikkan kembali jumlah pengikut atau tambahkan akun lain yang terverifikasi.")
    elif reason == Reason.BELOW:
        sentence = _("%(measured)s; minimal %(threshold)s.") % {**words, "measured": measured}
        next_step = _("Tambahkan akun lain yang Anda miliki, atau perbarui data pengikut setelah bertambah.")
    elif reason == Reason.STALE:
        sentence = _("Data pengikut akun Anda lebih lama dari %(days)s hari.") % words
        next_step = _("Tekan “Perbarui sekarang” pada akun Anda.")
    elif reason == Reason.INACTIVE:
        sentence = _("Status ASN Anda tidak aktif di program ini.")
        next_step = _("Hubungi koordinator instansi Anda.")
    else:
        sentence = _("Belum ada akun media sosial Anda yang terverifikasi.")
        next_step = _("Tambahkan akun media sosial lalu buktikan bahwa akun itu milik Anda.")
    return {"eligible": profile.eligible and profile.is_active, "reason": reason, "sentence": sentence,
            "next_step": next_step, "policy_version": policy.version, "threshold": policy.threshold}


__all__ = ["Stage", "eligibility_recompute", "explain", "policy_current", "policy_set", "recompute_profile"]
