"""REST: submit a report (public), follow it, read claims (desk staff, scoped), read published clarifications."""


from datetime import date, datetime
from uuid import UUID

from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from tangkal.accounts.models import Region
from tangkal.api.pagination import BoundedLimitOffsetPagination
from tangkal.core.ratelimit import client_ip, hit
from tangkal.hoaxes import selectors, services
from tangkal.hoaxes.models import Platform, Reach, Report

router = Router(tags=["hoaks"])
PREFIX = "/hoaxes"


class ReportIn(Schema):
    text: str = Field("", max_length=services.MAX_TEXT, description="Isi pesan yang dicurigai")
    url: str = Field("", max_length=1000, description="Tautan http(s) ke unggahan")
    platform: Platform = Platform.OTHER
    region_code: str | None = Field(None, max_length=13, description="Kode wilayah Kemendagri, mis. 32 atau 32.73")
    reach: Reach = Reach.UNKNOWN
    contact_email: str = Field("", max_length=254, description="Untuk kabar hasil; disimpan terenkripsi")


class ReportOut(Schema):
    tracking_code: str
    status_url: str
    state: str


class ClaimOut(Schema):
    id: UUID = Field(..., alias="public_id")
    title: str
    status: str
    topic: str
    region_code: str | None = Field(None, alias="region_id")
    tags: list[str]
    report_count: int
    priority: float
    first_reported_at: datetime | None
    last_reported_at: datetime | None
    first_triaged_at: datetime | None
    answered_at: datetime | None


class ClarificationOut(Schema):
    id: UUID = Field(..., alias="public_id")
    slug: str
    url: str
    verdict: str
    rating: int
    headline: str
    claim_reviewed: str
    summary: str
    body: str
    topic: str
    region_code: str | None = Field(None, alias="region_id")
    published_at: datetime | None
    updated_at: datetime
    version: int
    is_external: bool
    source_url: str

    @staticmethod
    def resolve_url(obj) -> str:
        return settings.SITE_URL + obj.get_absolute_url()

    @staticmethod
    def resolve_verdict(obj) -> str:
        return obj.get_verdict_display()


def _status(report: Report) -> ReportOut:
    outcome = selectors.report_outcome(report)
    return ReportOut(tracking_code=report.tracking_code, state=outcome["state"],
                     status_url=settings.SITE_URL + reverse("hoaxes:track", kwargs={"code": report.tracking_code}))


@router.post("/reports", response={201: ReportOut}, auth=None, summary="Kirim laporan hoaks (publik)")
def hoax_report_submit(request, payload: ReportIn):
    if not hit(f"hoax_report:{client_ip(request)}", settings.RATE_LIMITS["hoax_report"]):
        raise HttpError(429, "Terlalu banyak laporan. Tunggu sebentar lalu coba lagi.")
    region = None
    if payload.region_code:
        region = Region.objects.filter(code=payload.region_code).first()
        if region is None:
            raise HttpError(400, "Kode wilayah tidak dikenal.")
    user = request.user if request.user.is_authenticated else None
    try:
        report = services.report_submit(text=payload.text, url=payload.url, platform=payload.platform,
                                        region=region, reach=payload.reach, contact_email=payload.contact_email,
                                        channel=Report.Channel.API, reporter=user)
    except ValidationError as exc:
        raise HttpError(400, " ".join(exc.messages)) from exc
    return Status(201, _status(report))


@router.get("/reports/{code}", response=ReportOut, auth=None, summary="Status laporan menurut kode pelacakan")
def hoax_report_status(request, code: str):
    if not hit(f"hoax_track:{client_ip(request)}", settings.RATE_LIMITS["hoax_track"]):
        raise HttpError(429, "Terlalu banyak permintaan. Tunggu sebentar lalu coba lagi.")
    return _status(selectors.report_by_code(code))


class ClaimFilters(Schema):
    status: str = "open"
    topic: str = ""


@router.get("/claims", response=list[ClaimOut], summary="Klaim di meja hoaks (staf; koordinator: instansinya)")
@paginate(BoundedLimitOffsetPagination)
def hoax_claims(request, filters: Query[ClaimFilters]):
    return selectors.claim_queue(user=request.user, status=filters.status, topic=filters.topic)


@router.get("/claims/{public_id}", response=ClaimOut, summary="Satu klaim")
def hoax_claim(request, public_id: UUID):
    return selectors.claim_for(user=request.user, public_id=public_id)


class ClarificationFilters(Schema):
    q: str = Field("", max_length=200)
    verdict: str = ""
    topic: str = ""
    region: str = ""
    date_from: date | None = None
    date_to: date | None = None


@router.get("/clarifications", response=list[ClarificationOut], auth=None, summary="Klarifikasi yang terbit")
@paginate(BoundedLimitOffsetPagination)
def hoax_clarifications(request, filters: Query[ClarificationFilters]):
    return selectors.search_published(**filters.dict())


@router.get("/clarifications/{slug}", response=ClarificationOut, auth=None, summary="Satu klarifikasi terbit")
def hoax_clarification(request, slug: str):
    clar = selectors.public_clarification(slug=slug)
    if not clar.is_published:
        raise HttpError(410, "Klarifikasi ini sudah ditarik.")
    return clar
