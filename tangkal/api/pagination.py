"""Pagination with bounds: an offset or page beyond what any table holds is refused with 422
instead of reaching the database as an out-of-range integer."""

from __future__ import annotations

from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination, PageNumberPagination

MAX_LIMIT = 500
MAX_OFFSET = 100_000_000
MAX_PAGE = 1_000_000


class BoundedLimitOffsetPagination(LimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(100, ge=1, le=MAX_LIMIT)
        offset: int = Field(0, ge=0, le=MAX_OFFSET)


class BoundedPageNumberPagination(PageNumberPagination):
    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int | None = Field(None, ge=1, le=MAX_LIMIT)
