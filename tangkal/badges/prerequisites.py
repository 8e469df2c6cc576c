"""What the badge needs from the influencer and training apps, read through their selectors.

Imports are lazy: the badge app must load (and explain itself politely) even when those apps
are not installed or not migrated yet.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from datetime import datetime

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class AccountSnapshot:
    platform: str
    handle: str
    followers: int
    verified_at: datetime | None


@dataclass
class Prerequisites:
    eligible: bool = False
    trained: bool = False
    accounts: list[AccountSnapshot] = field(default_factory=list)
    training_completed_at: datetime | None = None
    training_reference: str | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.eligible and self.trained and not self.problems

    @property
    def verified_followers(self) -> int:
        return sum(account.followers for account in self.accounts if account.verified_at)


def _module(name: str):
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name and name.startswith(exc.name):
            return None
        raise


def normalise_handle(handle: str) -> str:
    return handle.strip().lstrip("@").strip().lower()


def influencer_status(user) -> tuple[bool, list[AccountSnapshot], str | None]:
    """(eligible, verified accounts, problem) from tangkal.influencers."""
    models = _module("tangkal.influencers.models")
    if models is None or not hasattr(models, "ASNProfile"):
        return False, [], _("Data profil ASN belum tersedia di sistem ini.")
    profile = models.ASNProfile.objects.filter(user=user).first()
    if profile is None:
        return False, [], _("Anda belum melengkapi profil ASN.")
    accounts_qs = models.SocialAccount.objects.filter(profile=profile, verified_at__isnull=False)
    field_names = {field.name for field in models.SocialAccount._meta.get_fields()}
    if "verification" in field_names:
        accounts_qs = accounts_qs.filter(verification="verified")
    accounts = [
        AccountSnapshot(platform=str(account.platform), handle=normalise_handle(account.handle or ""),
                        followers=int(account.followers or 0), verified_at=account.verified_at)
        for account in accounts_qs
        if account.handle
    ]
    selectors = _module("tangkal.influencers.selectors")
    if selectors is not None and hasattr(selectors, "is_eligible"):
        eligible = bool(selectors.is_eligible(profile))
    else:  # the influencers app keeps the computed decision on the profile
        eligible = bool(getattr(profile, "eligible", False))
    if not eligible:
        return False, accounts, _("Akun media sosial Anda belum terverifikasi atau pengikutnya belum memenuhi syarat.")
    return True, accounts, None


def training_status(user) -> tuple[bool, datetime | None, str | None, str | None]:
    """(trained, completed_at, completion reference, problem) from tangkal.training."""
    selectors = _module("tangkal.training.selectors")
    if selectors is None or not hasattr(selectors, "has_completed_required_curriculum"):
        return False, None, None, _("Data pelatihan belum tersedia di sistem ini.")
    if not selectors.has_completed_required_curriculum(user):
        return False, None, None, _("Anda belum menyelesaikan kurikulum pelatihan wajib.")
    completion = selectors.training_completion(user) if hasattr(selectors, "training_completion") else None
    completed_at = getattr(completion, "completed_at", None)
    reference = getattr(completion, "public_id", None)
    return True, completed_at, str(reference) if reference else None, None


def check(user) -> Prerequisites:
    report = Prerequisites()
    report.eligible, report.accounts, problem = influencer_status(user)
    if problem:
        report.problems.append(problem)
    report.trained, report.training_completed_at, report.training_reference, problem = training_status(user)
    if problem:
        report.problems.append(problem)
    return report
