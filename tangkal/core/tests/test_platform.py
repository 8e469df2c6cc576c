from __future__ import annotations

import contextlib
import subprocess
import sys
from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from tangkal.core.audit import audit_log
from tangkal.core.models import AppendOnlyError, AuditEntry, ScheduledJob
from tangkal.core.ratelimit import hit, parse_rate
from tangkal.core.scheduler import _JOBS, Periodic, run_due_jobs


@pytest.mark.django_db
def test_healthz_reports_database_migrations_and_queue():
    body = Client().get("/healthz").json()
    assert body["status"] == "ok"
    assert body["database"] is True and body["migrations_applied"] is True
    assert "oldest_queued_task_seconds" in body


@pytest.mark.django_db
def test_audit_entries_are_append_only(actors):
    entry = audit_log(actor=actors.admin, action="test.changed", obj=actors.agency_a,
                      before={"name": "x"}, after={"name": "y"})
    assert entry.actor_label == actors.admin.email and entry.object_type == "accounts.agency"
    entry.note = "edited"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    assert AuditEntry.objects.get(pk=entry.pk).note == ""


class _CountingTask:
    module_path = "tests.counting"

    def __init__(self):
        self.calls = 0

    def enqueue(self):
        self.calls += 1


@pytest.mark.django_db
def test_two_schedulers_never_run_the_same_slot_twice(monkeypatch):
    task = _CountingTask()
    monkeypatch.setitem(_JOBS, "tests.counting", Periodic("tests.counting", task, timedelta(minutes=5)))
    now = timezone.now()
    first = run_due_jobs(now=now)
    second = run_due_jobs(now=now)  # a second scheduler process at the same instant
    assert "tests.counting" in first and "tests.counting" not in second
    assert task.calls == 1
    run_due_jobs(now=now + timedelta(minutes=5))
    assert task.calls == 2
    assert ScheduledJob.objects.get(name="tests.counting").runs == 2


def test_rate_limit_counts_within_the_window(settings):
    settings.RATE_LIMIT_ENABLED = True
    assert parse_rate("10/m") == (10, 60)
    key = f"test-{timezone.now().timestamp()}"
    assert all(hit(key, "3/m") for _ in range(3))
    assert not hit(key, "3/m")


@pytest.mark.django_db
def test_unknown_url_gets_an_indonesian_404_page_without_trace():
    response = Client().get("/tidak-ada-halaman-ini/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Halaman yang Anda cari tidak ada." in body and "Traceback" not in body


@pytest.mark.django_db
def test_unknown_api_route_gets_a_json_error():
    response = Client().get("/api/v1/tidak-ada")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


@pytest.mark.django_db
def test_a_tampered_csrf_token_is_refused_in_indonesian(actors):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/akun/masuk/", {"username": actors.influencer.email, "password": "x",
                                            "csrfmiddlewaretoken": "palsu"})
    assert response.status_code == 403
    assert "Sesi formulir sudah tidak berlaku" in response.content.decode()


@pytest.mark.django_db
def test_pages_carry_a_csp_without_inline_script():
    response = Client().get("/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy


@pytest.mark.django_db
def test_home_page_is_indonesian_and_switches_to_english():
    client = Client()
    assert "Tangkal hoaks bersama Influencer Pemerintah" in client.get("/").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "Fight hoaxes with Government Influencers" in client.get("/").content.decode()


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    env = {
        "PATH": "/usr/bin:/bin",
        "TANGKAL_ENV": "production",
        "SECRET_KEY": "x" * 20 + "production-secret-key-for-the-deploy-check-0123456789",
        "ALLOWED_HOSTS": "tangkal.example.go.id",
        "TANGKAL_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "tangkal.settings",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.django_db
def test_an_english_browser_still_gets_indonesian_until_it_chooses():
    client = Client(headers={"Accept-Language": "en-US,en;q=0.9"})
    assert "Tangkal hoaks bersama Influencer Pemerintah" in client.get("/").content.decode()


def test_rate_limit_works_with_redis_when_available(settings):
    import redis

    try:
        redis.Redis.from_url("redis://127.0.0.1:6379/15", socket_connect_timeout=0.5).ping()
    except redis.RedisError:
        pytest.skip("no Redis on 127.0.0.1:6379; the local-memory path is tested above")
    from django.core.cache import caches

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": "redis://127.0.0.1:6379/15"}}
    caches._settings = None  # rebuild cache handles from the new settings
    with contextlib.suppress(AttributeError, KeyError):
        del caches["default"]
    try:
        key = f"redis-test-{timezone.now().timestamp()}"
        assert all(hit(key, "2/m") for _ in range(2))
        assert not hit(key, "2/m")
        assert caches["default"].__class__.__name__ == "RedisCache"
    finally:
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                       "LOCATION": "tangkal-tests"}}
        caches._settings = None
        with contextlib.suppress(AttributeError, KeyError):
            del caches["default"]


@pytest.mark.django_db
def test_a_nul_character_in_a_query_or_json_body_is_refused_with_400(actors):
    response = Client().get("/klarifikasi/?q=a%00b")
    assert response.status_code == 400
    api = Client().post("/api/v1/check", data='{"text": "a\\u0000b"}', content_type="application/json")
    assert api.status_code == 400
    assert api.json()["error"]["code"] == "bad_request"
