"""Run as a separate process by test_budget and the refresh benchmark: spend as fast as possible and
print the epoch window of every request that was allowed, one per line."""

from __future__ import annotations

import os
import sys
import time

import django


def main() -> None:
    platform, seconds = sys.argv[1], float(sys.argv[2])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tangkal.settings")
    django.setup()
    from tangkal.connectors.budget import rate_for, try_spend

    _limit, window = rate_for(platform)
    deadline = time.time() + seconds
    while time.time() < deadline:
        now = time.time()
        if try_spend(platform, now=now):
            print(int(now // window), flush=True)


if __name__ == "__main__":
    main()
