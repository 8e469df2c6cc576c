"""Read-only selectors of the dashboards: every one takes the scoped `Filters` and reads aggregates."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.core.exceptions import PermissionDenied
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from tangkal.accounts.models import Agency, Region
from tangkal.core.permissions import is_admin, is_coordinator
from tangkal.reports.aggregates import FOLLOWER_BANDS
from tangkal.reports.charts import Chart
from tangkal.reports.models import AggregateRun, DailyStat, FollowerBucket, FunnelCount, Scope

MAX_RANGE_DAYS = 366


@dataclass(frozen=True)
class Filters:
    start: date
    end: date
    agency: Agency | None = None
    province: Region | None = None
    cohort_id: int | None = None

    def scoped(self, queryset, *, by_agency: bool = False, by_province: bool = False):
        """The aggregate rows for these filters, at the coarsest roll-up that still answers them:
        national rows unless an agency or province is chosen, or the caller groups by one."""
        agency_level = self.agency is not None or by_agency
        province_level = self.province is not None or by_province
        scope = {(False, False): Scope.NATIONAL, (True, False): Scope.AGENCY,
                 (False, True): Scope.PROVINCE, (True, True): Scope.FULL}[(agency_level, province_level)]
        queryset = queryset.filter(scope=scope)
        if self.agency is not None:
            queryset = queryset.filter(agency=self.agency)
        if self.province is not None:
            queryset = queryset.filter(province=self.province)
        return queryset

    @property
    def moments(self) -> dict:
        """The range as local-midnight datetimes, so indexed timestamp columns can be filtered."""
        zone = timezone.get_current_timezone()
        first = datetime.combine(self.start, time.min, tzinfo=zone)
        after = datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=zone)
        return {"gte": first, "lt": after}

    def query_string(self) -> str:
        parts = [f"dari={self.start:%Y-%m-%d}", f"sampai={self.end:%Y-%m-%d}"]
        if self.agency:
            parts.append(f"instansi={self.agency.code}")
        if self.province:
            parts.append(f"provinsi={self.province.code}")
        if self.cohort_id:
            parts.append(f"angkatan={self.cohort_id}")
        return "&".join(parts)


class FilterError(ValueError):
    pass


def _parse_date(value: str | None, default: date) -> date:
    if not value:
        return default
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise FilterError(_("Tanggal '%(value)s' tidak valid; gunakan TTTT-BB-HH.") % {"value": value[:20]}) from exc


def dashboard_filters(*, user, params) -> Filters:
    """The filters a user asked for, narrowed to what they may see. Coordinators: own agency only."""
    if not (is_admin(user) or is_coordinator(user)):
        raise PermissionDenied("reports.view")
    today = timezone.localdate()
    end = _parse_date(params.get("sampai"), today)
    start = _parse_date(params.get("dari"), end - timedelta(days=29))
    if start > end:
        raise FilterError(_("Tanggal awal harus sebelum tanggal akhir."))
    if (end - start).days > MAX_RANGE_DAYS:
        raise FilterError(_("Rentang tanggal paling lama satu tahun."))
    agency = None
    if is_coordinator(user):
        agency = user.agency
    elif params.get("instansi"):
        agency = Agency.objects.filter(code=params["instansi"]).first()
        if agency is None:
            raise FilterError(_("Instansi tidak dikenal."))
    province = None
    if params.get("provinsi"):
        province = Region.objects.filter(code=params["provinsi"], level="province").first()
        if province is None:
            raise FilterError(_("Provinsi tidak dikenal."))
    cohort_id = None
    if params.get("angkatan"):
        try:
            cohort_id = int(params["angkatan"])
        except ValueError as exc:
            raise FilterError(_("Angkatan tidak dikenal.")) from exc
    return Filters(start=start, end=end, agency=agency, province=province, cohort_id=cohort_id)


STAGE_ORDER = ["registered", "accounts_verified", "eligible", "trained", "badged"]


def funnel(filters: Filters) -> tuple[Chart, list[dict]]:
    rows = filters.scoped(FunnelCount.objects.all())
    if filters.cohort_id:
        rows = rows.filter(cohort_id=filters.cohort_id)
    by_stage = {row["stage"]: row for row in rows.values("stage").annotate(n=Sum("count"), active=Sum("active_30d"))}
    labels = {
        "registered": _("Terdaftar"), "accounts_verified": _("Akun terverifikasi"), "eligible": _("Memenuhi syarat"),
        "trained": _("Lulus pelatihan"), "badged": _("Berlencana"), "active": _("Aktif 30 hari"),
    }
    # Stages are cumulative: someone badged has also registered, verified, become eligible and trained.
    counts = []
    for index in range(len(STAGE_ORDER)):
        counts.append(sum((by_stage.get(s) or {}).get("n") or 0 for s in STAGE_ORDER[index:]))
    counts.append((by_stage.get("badged") or {}).get("active") or 0)
    steps = []
    for index, key in enumerate([*STAGE_ORDER, "active"]):
        previous = counts[index - 1] if index else None
        steps.append({
            "key": key, "label": labels[key], "count": counts[index],
            "conversion": round(100 * counts[index] / previous, 1) if previous else None,
        })
    chart = Chart(
        key="funnel", title=_("Corong program"), kind="funnel",
        columns=[_("Tahap"), _("Jumlah ASN"), _("Konversi dari tahap sebelumnya (%)")],
        rows=[[s["label"], s["count"], s["conversion"] if s["conversion"] is not None else ""] for s in steps],
    )
    return chart, steps


def followers(filters: Filters) -> tuple[Chart, Chart, int]:
    rows = filters.scoped(FollowerBucket.objects.all())
    per_band = {row["band"]: row["n"] for row in rows.values("band").annotate(n=Sum("accounts"))}
    per_platform = list(rows.values("platform").annotate(n=Sum("accounts"), reach=Sum("followers")).order_by("-reach"))
    band_labels = []
    for index, lower in enumerate(FOLLOWER_BANDS):
        upper = FOLLOWER_BANDS[index + 1] - 1 if index + 1 < len(FOLLOWER_BANDS) else None
        band_labels.append(f"{lower:,}–{upper:,}".replace(",", ".") if upper else f"≥ {lower:,}".replace(",", "."))
    distribution = Chart(
        key="followers", title=_("Sebaran akun terverifikasi menurut jumlah pengikut"),
        columns=[_("Pengikut"), _("Akun")], rows=[[band_labels[i], per_band.get(i, 0)] for i in range(len(band_labels))],
    )
    platforms = Chart(
        key="reach", title=_("Jangkauan potensial per platform"),
        columns=[_("Platform"), _("Jumlah pengikut"), _("Akun")],
        rows=[[row["platform"], row["reach"] or 0, row["n"] or 0] for row in per_platform],
    )
    return distribution, platforms, sum(row["reach"] or 0 for row in per_platform)


def _daily(filters: Filters, metric: str, *, by_agency: bool = False, by_province: bool = False):
    rows = DailyStat.objects.filter(metric=metric, day__range=(filters.start, filters.end))
    return filters.scoped(rows, by_agency=by_agency, by_province=by_province)


def _by_day(filters: Filters, metric: str) -> list[list]:
    totals = dict(_daily(filters, metric).values_list("day").annotate(n=Sum("value")).order_by())
    days = (filters.end - filters.start).days + 1
    return [[f"{day:%d/%m}", totals.get(day, 0)] for day in
            (filters.start + timedelta(days=i) for i in range(days))]


def _by_key(filters: Filters, metric: str, labels: dict | None = None) -> list[list]:
    rows = _daily(filters, metric).values("key").annotate(n=Sum("value")).order_by("-n")
    return [[(labels or {}).get(row["key"], row["key"]), row["n"]] for row in rows]


def publication_latency(filters: Filters) -> dict:
    """Minutes from the first report of a claim to its clarification: median and 90th percentile."""
    from tangkal.hoaxes.models import Clarification, DeskSettings

    published = Clarification.objects.filter(
        status="published", is_external=False, published_at__gte=filters.moments["gte"],
        published_at__lt=filters.moments["lt"],
        claim__first_reported_at__isnull=False,
    )
    if filters.agency is not None:
        published = published.filter(claim__agency=filters.agency)
    if filters.province is not None:
        published = published.filter(Q(region=filters.province) | Q(region__parent=filters.province))
    minutes = sorted(
        (published_at - first).total_seconds() / 60
        for published_at, first in published.values_list("published_at", "claim__first_reported_at")[:200_000]
    )
    target = DeskSettings.objects.values_list("publish_target_minutes", flat=True).first() or 60
    if not minutes:
        return {"count": 0, "median": None, "p90": None, "target": target}
    p90 = minutes[min(len(minutes) - 1, int(round(0.9 * (len(minutes) - 1))))]
    return {"count": len(minutes), "median": round(statistics.median(minutes), 1), "p90": round(p90, 1),
            "target": target, "within_target": round(100 * sum(m <= target for m in minutes) / len(minutes), 1)}


def desk(filters: Filters) -> dict:
    from tangkal.hoaxes.models import Topic, Verdict

    reports_per_day = Chart(key="reports_per_day", title=_("Laporan hoaks per hari"), kind="line",
                            columns=[_("Tanggal"), _("Laporan")], rows=_by_day(filters, "reports"))
    verdicts = Chart(key="verdicts", title=_("Klarifikasi terbit menurut vonis"),
                     columns=[_("Vonis"), _("Klarifikasi")],
                     rows=_by_key(filters, "published_verdict", dict(Verdict.choices)))
    topics = Chart(key="topics", title=_("Klarifikasi terbit menurut topik"), columns=[_("Topik"), _("Klarifikasi")],
                   rows=_by_key(filters, "published_topic", dict(Topic.choices)))
    claims_total = _daily(filters, "claims").aggregate(n=Sum("value"))["n"] or 0
    reports_total = sum(row[1] for row in reports_per_day.rows)
    return {"charts": [reports_per_day, verdicts, topics], "claims": claims_total, "reports": reports_total,
            "published": sum(row[1] for row in verdicts.rows), "latency": publication_latency(filters)}


def _total(filters: Filters, metric: str) -> int:
    return _daily(filters, metric).aggregate(n=Sum("value"))["n"] or 0


def time_to_first_share(filters: Filters) -> float | None:
    """Median minutes from a campaign's launch to its first post (campaigns launched in the range)."""
    from django.db.models import Min

    from tangkal.campaigns.models import Campaign

    launched = Campaign.objects.filter(launched_at__gte=filters.moments["gte"], launched_at__lt=filters.moments["lt"])
    if filters.agency is not None:
        launched = launched.filter(assignments__agency=filters.agency).distinct()
    minutes = [
        (first - launched_at).total_seconds() / 60
        for launched_at, first in launched.annotate(first=Min("assignments__posted_at"))
        .filter(first__isnull=False).values_list("launched_at", "first")[:10_000]
    ]
    return round(statistics.median(minutes), 1) if minutes else None


def campaigns(filters: Filters) -> dict:
    assignments, posts = _total(filters, "assignments"), _total(filters, "posts")
    clicks = Chart(key="clicks_per_day", title=_("Klik tautan kampanye per hari"), kind="line",
                   columns=[_("Tanggal"), _("Klik")], rows=_by_day(filters, "clicks"))
    top_agencies = Chart(
        key="top_agencies", title=_("Instansi teratas menurut posting"), columns=[_("Instansi"), _("Posting")],
        rows=[[name or "—", n] for name, n in _daily(filters, "posts", by_agency=True).values_list("agency__name")
              .annotate(n=Sum("value")).order_by("-n")[:10]],
    )
    top_provinces = Chart(
        key="top_provinces", title=_("Provinsi teratas menurut klik"), columns=[_("Provinsi"), _("Klik")],
        rows=[[name or "—", n] for name, n in _daily(filters, "clicks", by_province=True).values_list("province__name")
              .annotate(n=Sum("value")).order_by("-n")[:10]],
    )
    first_share = time_to_first_share(filters)
    figures = [
        (_("kampanye diluncurkan"), _total(filters, "launches")),
        (_("penugasan"), assignments),
        (_("tingkat berbagi (%)"), round(100 * posts / assignments, 1) if assignments else "—"),
        (_("median menit sampai posting pertama"), first_share if first_share is not None else "—"),
        (_("jangkauan (pengikut akun yang memposting)"), _total(filters, "reach")),
        (_("klik"), sum(row[1] for row in clicks.rows)),
        (_("pengunjung unik"), _total(filters, "unique_visitors")),
    ]
    return {"available": True, "figures": figures, "charts": [clicks, top_agencies, top_provinces]}


def provinces(filters: Filters) -> Chart:
    """A choropleth-like table: each province's programme size and desk activity, shaded by share."""
    funnel_rows = filters.scoped(FunnelCount.objects.all(), by_province=True).values("province_id").annotate(
        asn=Sum("count"), badged=Sum("count", filter=Q(stage="badged")), active=Sum("active_30d"))
    reports = dict(
        _daily(filters, "reports", by_province=True).values_list("province_id").annotate(n=Sum("value")).order_by()
    )
    names = dict(Region.objects.filter(level="province").values_list("code", "name"))
    rows = []
    for row in funnel_rows.order_by("province_id"):
        if row["province_id"] is None:
            continue
        rows.append([names.get(row["province_id"], row["province_id"]), row["asn"] or 0, row["badged"] or 0,
                     row["active"] or 0, reports.get(row["province_id"], 0)])
    known = {r[0] for r in rows}
    for code, count in reports.items():
        if code and names.get(code) not in known:
            rows.append([names.get(code, code), 0, 0, 0, count])
    rows.sort(key=lambda r: -r[1])
    return Chart(key="provinces", title=_("Provinsi"),
                 columns=[_("Provinsi"), _("ASN"), _("Berlencana"), _("Aktif 30 hari"), _("Laporan hoaks")], rows=rows)


def freshness() -> dict:
    return {run.name: run.finished_at for run in AggregateRun.objects.all()}


def dashboard(filters: Filters) -> dict:
    funnel_chart, steps = funnel(filters)
    distribution, platforms, reach = followers(filters)
    return {
        "filters": filters, "funnel": funnel_chart, "steps": steps, "follower_chart": distribution,
        "reach_chart": platforms, "total_reach": reach, "desk": desk(filters), "campaigns": campaigns(filters),
        "provinces": provinces(filters), "freshness": freshness(),
    }


def chart_by_key(filters: Filters, key: str) -> Chart | None:
    data = dashboard(filters)
    charts = [data["funnel"], data["follower_chart"], data["reach_chart"], data["provinces"], *data["desk"]["charts"]]
    charts += data["campaigns"].get("charts", []) if data["campaigns"].get("available") else []
    return next((chart for chart in charts if chart.key == key), None)
