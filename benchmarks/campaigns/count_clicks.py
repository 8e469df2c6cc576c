"""Print the clicks stored for a short code: `count_clicks.py <code>`."""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tangkal.settings")

import django  # noqa: E402

django.setup()

from django.db.models import Sum  # noqa: E402

from tangkal.campaigns.models import ClickDaily  # noqa: E402

row = ClickDaily.objects.filter(assignment__code=sys.argv[1]).aggregate(c=Sum("clicks"), b=Sum("bot_clicks"))
print(row["c"] or 0, row["b"] or 0)
