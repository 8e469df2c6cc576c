"""The demo world's skeleton: agencies and one staff user per role. Other apps add to it."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from tangkal.accounts.models import Agency, Role, User

DEMO_PASSWORD = "Tangkal-Demo-2026"

DEMO_AGENCY_CODES = [
    "komdigi", "kemenkes", "kemendagri", "bnpb", "bmkg", "kemenag",
    "pemda-31", "pemda-32", "pemda-35", "pemda-51", "pemda-73",
    "pemda-32-73", "pemda-35-78", "pemda-73-71", "pemda-12-71",
]

DEMO_STAFF = [
    # (email, role, agency code or None, full name)
    ("admin@komdigi.go.id", Role.ADMIN, "komdigi", "Rahmat Hidayat"),
    ("koordinator@kemkes.go.id", Role.COORDINATOR, "kemenkes", "Dewi Lestari"),
    ("koordinator@jabarprov.go.id", Role.COORDINATOR, "pemda-32", "Asep Saepudin"),
    ("verifikator@komdigi.go.id", Role.VERIFIER, "komdigi", "Fitri Handayani"),
    ("verifikator2@komdigi.go.id", Role.VERIFIER, "komdigi", "Yusuf Maulana"),
    ("influencer@kemkes.go.id", Role.INFLUENCER, "kemenkes", "Siti Nurhaliza Putri"),
]


@dataclass
class DemoContext:
    rng: random.Random
    agencies: list[Agency]
    users: dict[str, User] = field(default_factory=dict)
    log: list[str] = field(default_factory=list)

    def say(self, line: str) -> None:
        self.log.append(line)


def seed(ctx: DemoContext) -> None:
    for email, role, agency_code, name in DEMO_STAFF:
        agency = Agency.objects.get(code=agency_code) if agency_code else None
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email, DEMO_PASSWORD, role=role, agency=agency, full_name=name,
                is_staff=role == Role.ADMIN, is_superuser=role == Role.ADMIN,
            )
        ctx.users[email] = user
    ctx.say(f"{len(DEMO_STAFF)} akun demo (kata sandi: {DEMO_PASSWORD})")


def build_context(seed_value: int = 2019) -> DemoContext:
    agencies = list(Agency.objects.filter(code__in=DEMO_AGENCY_CODES).order_by("code"))
    return DemoContext(rng=random.Random(seed_value), agencies=agencies)
