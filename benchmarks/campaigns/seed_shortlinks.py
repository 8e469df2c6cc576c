"""A launched campaign with assignments whose short codes the redirect benchmark uses; prints the codes."""

from __future__ import annotations

import os
import sys
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tangkal.settings")

import django  # noqa: E402

django.setup()

from django.utils import timezone  # noqa: E402

from tangkal.accounts.models import Role, User  # noqa: E402
from tangkal.campaigns import kit  # noqa: E402
from tangkal.campaigns.models import Assignment, Campaign  # noqa: E402

now = timezone.now()
author = User.objects.get_or_create(email="penulis@bench.go.id", defaults={"role": Role.VERIFIER})[0]
approver = User.objects.get_or_create(email="penyetuju@bench.go.id", defaults={"role": Role.ADMIN})[0]
campaign = Campaign.objects.create(
    kind="information", status="launched", stamp="INFO", headline="Bench", summary="Bench", disclosure="#InfoASN",
    link_url="https://sscasn.bkn.go.id/", created_by=author, approved_by=approver, launched_by=approver,
    launched_at=now, deadline_at=now + timedelta(hours=6),
    kit=kit.build(kind="information", stamp="INFO", headline="Bench", summary="Bench", hashtags=[],
                  disclosure="#InfoASN"))
codes = []
for i in range(3):
    user = User.objects.create_user(f"klik{i}-{campaign.pk}@bench.go.id", None, role=Role.INFLUENCER)
    a = Assignment.objects.create(campaign=campaign, user=user, code=f"{campaign.pk:04x}{i:08x}"[-12:],
                                  deadline_at=now + timedelta(hours=6))
    codes.append(a.code)
print(" ".join(codes))
