"""The per-platform budget is shared: two worker processes together never exceed it."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from tangkal.connectors.budget import block, spend, try_spend
from tangkal.connectors.models import RateWindow

ROOT = Path(__file__).resolve().parents[3]


def test_it_spends_up_to_the_limit_in_a_window_then_refuses(settings, db):
    settings.CONNECTORS = {**settings.CONNECTORS, "x": {**settings.CONNECTORS["x"], "rate": "3/1m"}}
    now = 1_800_000_000.0
    assert [try_spend("x", now=now) for _i in range(5)] == [True, True, True, False, False]
    assert try_spend("x", now=now + 60)  # the next window starts afresh
    assert RateWindow.objects.get(platform="x", window=int(now // 60)).used == 3


def test_a_platform_that_said_wait_is_left_alone_by_every_worker(settings, db):
    block("tiktok", seconds=30)
    assert not try_spend("tiktok")
    assert not spend("tiktok", max_wait=0, sleep=lambda s: None)


def test_budgets_of_platforms_are_separate(settings, db):
    settings.CONNECTORS = {**settings.CONNECTORS, "x": {**settings.CONNECTORS["x"], "rate": "1/1m"}}
    assert try_spend("x") and not try_spend("x")
    assert try_spend("youtube")


@pytest.mark.slow
def test_two_worker_processes_never_exceed_the_budget_together(tmp_path):
    """Two real processes hammer one SQLite database for three seconds with a budget of 25 per second."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tangkal.settings", "TANGKAL_VAR_DIR": str(tmp_path),
           "DATABASE_URL": f"sqlite:///{tmp_path / 'budget.sqlite3'}", "CONNECTOR_X_RATE": "25/1s"}
    subprocess.run([sys.executable, "manage.py", "migrate", "connectors", "-v0"], cwd=ROOT, env=env, check=True)
    workers = [subprocess.Popen([sys.executable, "-m", "tangkal.connectors.tests.budget_worker", "x", "3"],
                                cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True) for _i in range(2)]
    outputs = [w.communicate(timeout=120)[0].split() for w in workers]
    assert all(w.returncode == 0 for w in workers)
    per_window = Counter(outputs[0] + outputs[1])
    assert per_window and max(per_window.values()) <= 25
    assert outputs[0] and outputs[1], "both workers got a share"
    assert sum(per_window.values()) >= 25  # and the budget was really used, not starved
