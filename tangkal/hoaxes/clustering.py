"""Which claim a new report belongs to: same link, same picture, or near-duplicate text.

Only claims that received a report in the last `HOAX_CLUSTER_WINDOW_DAYS` are candidates, so the
work per report stays flat however large the archive grows.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.db.models import Count
from django.db.transaction import TransactionManagementError
from django.utils import timezone

from tangkal.hoaxes import text as textsim
from tangkal.hoaxes.images import PHASH_DISTANCE, phash_distance
from tangkal.hoaxes.models import Claim, Report, ReportImage, TextSignature

TEXT_THRESHOLD = 0.6  # overlap coefficient of 5-gram shingles
MAX_CANDIDATES = 8
MAX_IMAGES_SCANNED = 20_000


@dataclass
class ReportFeatures:
    normalised: str = ""
    shingles: set[str] = field(default_factory=set)
    band_keys: list[str] = field(default_factory=list)
    url_key: str = ""
    phashes: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, *, text: str, url: str, phashes: list[str]) -> ReportFeatures:
        normalised = textsim.normalise(text)
        shingle_set = textsim.shingles(normalised)
        keys = textsim.band_keys(textsim.minhash(shingle_set)) if len(shingle_set) >= textsim.MIN_SHINGLES else []
        return cls(normalised=normalised, shingles=shingle_set, band_keys=keys,
                   url_key=textsim.url_key(url) if url else "", phashes=phashes)


def _window_start():
    return timezone.now() - timedelta(days=settings.HOAX_CLUSTER_WINDOW_DAYS)


def _live(claim_id: int | None) -> Claim | None:
    """Follow merges to the claim that now holds the reports."""
    seen = set()
    while claim_id is not None and claim_id not in seen:
        seen.add(claim_id)
        claim = Claim.objects.filter(pk=claim_id).first()
        if claim is None:
            return None
        if claim.merged_into_id is None:
            return claim
        claim_id = claim.merged_into_id
    return None


def match_keys(features: ReportFeatures) -> list[str]:
    """The keys `find_claim` can match another report on without comparing pictures: the link, the exact
    text and the text's LSH bands (two near-duplicates share at least one band, or they are never compared)."""
    keys = [f"url:{features.url_key}"] if features.url_key else []
    if features.normalised and len(features.shingles) >= textsim.MIN_SHINGLES:
        keys.append(f"text:{textsim.fingerprint(features.normalised)}")
    keys.extend(f"band:{key}" for key in features.band_keys)
    return keys


def lock_matching(features: ReportFeatures) -> None:
    """Hold, until the transaction ends, every report that could join the same claim as this one.

    On PostgreSQL two copies of a brand-new hoax filed at the same instant each miss the other's
    uncommitted report in `find_claim` and each create a claim. A transaction-scoped advisory lock per
    match key makes the second wait until the first commits; READ COMMITTED then shows it the first one's
    claim. Keys are locked in sorted order in one statement, so reports sharing several keys cannot
    deadlock. SQLite needs nothing: writers take the database lock at BEGIN ("transaction_mode":
    "IMMEDIATE" in settings). Look-alike pictures have no exact key; a verifier merges those claims.
    """
    if connection.vendor != "postgresql":
        return
    if not connection.in_atomic_block:
        raise TransactionManagementError("lock_matching must run inside transaction.atomic()")
    ids = sorted({int.from_bytes(hashlib.blake2b(f"tangkal.hoaxes.claim:{key}".encode(), digest_size=8).digest(),
                                 "big", signed=True) for key in match_keys(features)})
    if ids:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(k) FROM unnest(%s::bigint[]) AS k", [ids])


def find_claim(features: ReportFeatures, *, exclude_report: int | None = None) -> Claim | None:
    since = _window_start()
    recent = Report.objects.filter(created_at__gte=since, claim__isnull=False)
    if exclude_report:
        recent = recent.exclude(pk=exclude_report)
    if features.url_key:
        claim_id = recent.filter(url_key=features.url_key).values_list("claim_id", flat=True).first()
        if claim_id:
            return _live(claim_id)
    if features.normalised and len(features.shingles) >= textsim.MIN_SHINGLES:
        claim_id = recent.filter(text_fingerprint=textsim.fingerprint(features.normalised)).values_list(
            "claim_id", flat=True).first()
        if claim_id:
            return _live(claim_id)
    for phash in features.phashes:
        images = ReportImage.objects.filter(created_at__gte=since, claim__isnull=False).order_by("-id")
        for other_hash, claim_id in images.values_list("phash", "claim_id")[:MAX_IMAGES_SCANNED]:
            if phash_distance(phash, other_hash) <= PHASH_DISTANCE:
                return _live(claim_id)
    if features.band_keys:
        candidates = (
            TextSignature.objects.filter(key__in=features.band_keys, created_at__gte=since)
            .values("claim_id").annotate(hits=Count("id")).order_by("-hits")[:MAX_CANDIDATES]
        )
        best, best_score = None, 0.0
        for row in candidates:
            texts = Report.objects.filter(claim_id=row["claim_id"]).exclude(text="").order_by("-id")
            if exclude_report:
                texts = texts.exclude(pk=exclude_report)
            for other in texts.values_list("text", flat=True)[:5]:
                score = textsim.similarity(features.shingles, textsim.shingles(textsim.normalise(other)))
                if score > best_score:
                    best, best_score = row["claim_id"], score
        if best is not None and best_score >= TEXT_THRESHOLD:
            return _live(best)
    return None


def claim_title_for(report: Report) -> str:
    source = " ".join(report.text.split()) or report.url or ""
    if not source:
        return "Laporan bergambar"
    return source if len(source) <= 120 else source[:117].rsplit(" ", 1)[0] + "…"


TOPIC_WEIGHT = {"bencana": 10, "sara": 10, "kesehatan": 8, "politik": 8, "penipuan": 6, "pemerintahan": 5,
                "kriminalitas": 5, "hukum": 3, "ekonomi": 4, "pendidikan": 3, "internasional": 2, "lainnya": 0}
TAG_WEIGHT = {"pemilu": 10, "bencana": 10, "kesehatan": 8}


def priority_of(claim: Claim, *, now=None) -> float:
    """Velocity first (the hour matters most), then volume, reach, topic sensitivity and tags."""
    now = now or timezone.now()
    last_hour = claim.reports.filter(created_at__gte=now - timedelta(hours=1)).count()
    last_day = claim.reports.filter(created_at__gte=now - timedelta(hours=24)).count()
    score = 12 * math.log2(1 + last_hour) + 4 * math.log2(1 + last_day) + 3 * math.log2(1 + claim.report_count)
    score += 5 * claim.reach_max
    score += TOPIC_WEIGHT.get(claim.topic, 0)
    score += sum(TAG_WEIGHT.get(tag, 0) for tag in claim.tags or [])
    return round(score, 2)


def refresh_claim_stats(claim: Claim, *, now=None) -> Claim:
    reports = claim.reports.all()
    stats = reports.aggregate(n=Count("id"))
    claim.report_count = stats["n"]
    first = reports.order_by("created_at").values_list("created_at", flat=True).first()
    last = reports.order_by("-created_at").values_list("created_at", flat=True).first()
    claim.first_reported_at = first or claim.first_reported_at
    claim.last_reported_at = last or claim.last_reported_at
    claim.reach_max = max(reports.values_list("reach", flat=True), default=0)
    claim.priority = priority_of(claim, now=now) if claim.is_open else 0
    return claim
