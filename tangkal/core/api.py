from ninja import Router, Schema

from tangkal.core.health import health_report

router = Router(tags=["sistem"])
PREFIX = "/system"


class HealthOut(Schema):
    database: bool
    migrations_applied: bool
    oldest_queued_task_seconds: float | None = None


@router.get("/health", response=HealthOut, auth=None, summary="Status kesehatan layanan")
def health(request):
    return health_report()
