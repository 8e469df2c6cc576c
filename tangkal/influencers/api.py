"""REST API for enrolment: roster import, ASN and account status, eligibility (mounted at /api/v1/enrolment)."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from ninja import Field, File, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from tangkal.core.permissions import is_admin, require
from tangkal.influencers import eligibility, roster, selectors, services

router = Router(tags=["kepesertaan"])
PREFIX = "/enrolment"


class AccountOut(Schema):
    id: UUID
    platform: str
    handle: str
    platform_id: str
    profile_url: str
    verification: str
    verification_method: str
    verified_at: datetime | None
    followers: int | None
    followers_measured_at: datetime | None
    status: str


class EligibilityOut(Schema):
    eligible: bool
    reason: str
    sentence: str
    next_step: str
    policy_version: int
    threshold: int
    counted_followers: int | None = None


class ASNOut(Schema):
    id: UUID
    full_name: str
    agency: str
    unit: str
    cohort: str | None
    stage: str
    is_active: bool
    eligible: bool
    counted_followers: int | None


class ASNDetailOut(ASNOut):
    accounts: list[AccountOut]
    eligibility: EligibilityOut


class ImportOut(Schema):
    id: UUID
    file: str
    status: str
    percent: int
    rows_total: int
    rows_valid: int
    rows_invalid: int
    rows_created: int
    rows_updated: int
    rows_unchanged: int
    error_counts: dict
    file_error: str
    error_report_url: str | None


class PolicyOut(Schema):
    version: int
    threshold: int
    counting: str
    max_snapshot_age_days: int
    grace_days: int
    created_at: datetime


def _account(a) -> dict:
    return {"id": a.public_id, "platform": a.platform, "handle": a.handle, "platform_id": a.platform_id,
            "profile_url": a.profile_url, "verification": a.verification,
            "verification_method": a.verification_method, "verified_at": a.verified_at, "followers": a.followers,
            "followers_measured_at": a.followers_measured_at, "status": a.status}


def _asn(p) -> dict:
    return {"id": p.public_id, "full_name": p.full_name, "agency": p.agency.code, "unit": p.unit,
            "cohort": p.cohort.name if p.cohort_id else None, "stage": p.stage, "is_active": p.is_active,
            "eligible": selectors.is_eligible(p), "counted_followers": p.counted_followers}


def _eligibility(p) -> dict:
    return {**eligibility.explain(p), "counted_followers": p.counted_followers}


def _detail(p) -> dict:
    return {**_asn(p), "accounts": [_account(a) for a in p.accounts.all()], "eligibility": _eligibility(p)}


def _import(request, imp) -> dict:
    url = None
    if imp.error_report:
        from django.urls import reverse

        url = request.build_absolute_uri(reverse("influencers:import_errors", kwargs={"public_id": imp.public_id}))
    return {"id": imp.public_id, "file": imp.original_name, "status": imp.status, "percent": imp.percent,
            "rows_total": imp.rows_total, "rows_valid": imp.rows_valid, "rows_invalid": imp.rows_invalid,
            "rows_created": imp.rows_created, "rows_updated": imp.rows_updated,
            "rows_unchanged": imp.rows_unchanged, "error_counts": imp.error_counts, "file_error": imp.file_error,
            "error_report_url": url}


@router.get("/me", response=ASNDetailOut, summary="Status kepesertaan ASN yang sedang masuk")
def enrolment_me(request):
    require(request.user, "influencers.enrol")
    profile = services.profile_for_user(request.user)
    if profile is None:
        raise Http404
    return _detail(profile)


@router.get("/asn", response=list[ASNOut], summary="Daftar ASN instansi (koordinator: instansinya sendiri)")
def enrolment_asn_list(request, stage: str = "", q: str = "",
                       page: int = Query(1, ge=1, le=100_000), page_size: int = Query(100, ge=1, le=500)):  # noqa: B008
    # NUL characters are refused by PostgreSQL; nobody searches for them.
    profiles = selectors.roster_for(request.user, stage=stage[:20].replace("\x00", ""), query=q[:100].replace("\x00", ""))
    start = (page - 1) * page_size
    return [_asn(p) for p in profiles[start:start + page_size]]


@router.get("/asn/{public_id}", response=ASNDetailOut, summary="Status satu ASN, akunnya, dan kelayakannya")
def enrolment_asn_detail(request, public_id: UUID):
    require(request.user, "influencers.manage_roster")
    return _detail(selectors.profile_for_staff(request.user, public_id))


@router.get("/asn/{public_id}/eligibility", response=EligibilityOut, summary="Keputusan kelayakan terbaru")
def enrolment_asn_eligibility(request, public_id: UUID):
    require(request.user, "influencers.manage_roster")
    return _eligibility(selectors.profile_for_staff(request.user, public_id))


@router.post("/roster-imports", response={202: ImportOut}, summary="Unggah daftar ASN (CSV/XLSX) untuk diperiksa")
def enrolment_import_create(request, file: UploadedFile = File(...)):  # noqa: B008 (ninja idiom)
    require(request.user, "influencers.manage_roster")
    agency = None if is_admin(request.user) else request.user.agency
    try:
        imp = roster.roster_upload(upload=file, by=request.user, agency=agency)
    except ValidationError as exc:
        raise HttpError(400, " ".join(exc.messages)) from exc
    imp.refresh_from_db()
    return Status(202, _import(request, imp))


@router.get("/roster-imports/{public_id}", response=ImportOut, summary="Kemajuan dan hasil pemeriksaan impor")
def enrolment_import_status(request, public_id: UUID):
    return _import(request, selectors.import_for_staff(request.user, public_id))


@router.post("/roster-imports/{public_id}/commit", response={202: ImportOut},
             summary="Terapkan impor yang lolos pemeriksaan (semua baris atau tidak sama sekali)")
def enrolment_import_commit(request, public_id: UUID):
    imp = selectors.import_for_staff(request.user, public_id)
    try:
        imp = roster.roster_commit_request(roster_import=imp, by=request.user)
    except ValidationError as exc:
        raise HttpError(409, " ".join(exc.messages)) from exc
    imp.refresh_from_db()
    return Status(202, _import(request, imp))


class TransferIn(Schema):
    to_agency: str = Field(..., max_length=40, description="kode instansi tujuan (Agency.code)")
    reason: str = Field(..., max_length=2000, description="alasan mutasi, mis. nomor SK")
    effective_date: date | None = Field(None, description="tanggal berlaku (default: hari ini)")


class TransferOut(Schema):
    asn: UUID
    from_agency: str
    to_agency: str
    effective_date: date
    reason: str
    recorded_at: datetime
    details: dict


@router.post("/asn/{public_id}/transfer", response={201: TransferOut},
             summary="Mutasi: pindahkan ASN ke instansi lain (dicatat oleh instansi asal atau admin)")
def enrolment_asn_transfer(request, public_id: UUID, payload: TransferIn):
    from tangkal.accounts.models import Agency

    require(request.user, "influencers.manage_roster")
    profile = selectors.profile_for_staff(request.user, public_id)
    require(request.user, "influencers.transfer", profile)
    to_agency = Agency.objects.filter(code=payload.to_agency.replace("\x00", "")).first()
    if to_agency is None:
        raise HttpError(422, "Instansi tujuan tidak dikenal: gunakan kode instansi.")
    try:
        transfer = services.asn_transfer(profile=profile, to_agency=to_agency, by=request.user,
                                         reason=payload.reason, effective_date=payload.effective_date)
    except ValidationError as exc:
        raise HttpError(422, " ".join(exc.messages)) from exc
    return Status(201, {"asn": profile.public_id, "from_agency": transfer.from_agency.code,
                        "to_agency": transfer.to_agency.code, "effective_date": transfer.effective_date,
                        "reason": transfer.reason, "recorded_at": transfer.created_at, "details": transfer.details})


@router.get("/policy", response=PolicyOut, summary="Kebijakan kelayakan yang berlaku")
def enrolment_policy(request):
    if not request.user.is_authenticated:
        raise PermissionDenied
    return eligibility.policy_current()
