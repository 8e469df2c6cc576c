"""Structured verification results, so callers can say exactly which check failed."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

__all__ = ["Check", "CheckStatus", "VerificationResult"]


class CheckStatus(enum.StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    # A check that could not run because an earlier one failed (e.g. no dates to compare).
    SKIPPED = "skipped"


@dataclass(frozen=True, slots=True)
class Check:
    """One verification step.

    ``name`` identifies the step (``structure``, ``signature``, ``validity_period``,
    ``status:revocation`` ...); ``code`` is a stable machine-readable reason such as
    ``signature_invalid`` or ``revoked`` (``ok`` when passed); ``message`` is for humans.
    """

    name: str
    status: CheckStatus
    code: str
    message: str

    @property
    def ok(self) -> bool:
        return self.status is CheckStatus.PASSED

    @classmethod
    def passed(cls, name: str, message: str) -> Check:
        return cls(name=name, status=CheckStatus.PASSED, code="ok", message=message)

    @classmethod
    def failed(cls, name: str, code: str, message: str) -> Check:
        return cls(name=name, status=CheckStatus.FAILED, code=code, message=message)

    @classmethod
    def skipped(cls, name: str, message: str) -> Check:
        return cls(name=name, status=CheckStatus.SKIPPED, code="skipped", message=message)


@dataclass(frozen=True, slots=True)
class VerificationResult:
    checks: tuple[Check, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        # Skipped counts as not verified: a credential is valid only if every check ran.
        return bool(self.checks) and all(check.ok for check in self.checks)

    @property
    def failures(self) -> tuple[Check, ...]:
        return tuple(check for check in self.checks if check.status is CheckStatus.FAILED)

    def get(self, name: str) -> Check | None:
        return next((check for check in self.checks if check.name == name), None)

    def as_dict(self) -> dict[str, object]:
        return {
            "ok": self.ok,
            "checks": [
                {"name": c.name, "status": c.status.value, "code": c.code, "message": c.message}
                for c in self.checks
            ],
        }
