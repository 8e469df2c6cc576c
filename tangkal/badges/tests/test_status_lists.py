"""Status list indexes are never handed out twice, and every bit change is republished signed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tangkal.badges.crypto.status_list import StatusList as Bits
from tangkal.badges.models import StatusList
from tangkal.badges.status_lists import status_bit_set, status_index_allocate
from tangkal.badges.verification import local_status_list, verify


@pytest.mark.django_db
def test_indexes_are_sequential_within_a_list():
    first = status_index_allocate(purpose="revocation")
    second = status_index_allocate(purpose="revocation")
    assert (first[0].number, first[1]) == (1, 0)
    assert (second[0].number, second[1]) == (1, 1)


@pytest.mark.django_db
def test_a_full_list_opens_the_next_one():
    status_list, _index = status_index_allocate(purpose="suspension")
    StatusList.objects.filter(pk=status_list.pk).update(next_index=status_list.size - 1)
    last = status_index_allocate(purpose="suspension")
    overflow = status_index_allocate(purpose="suspension")
    assert (last[0].number, last[1]) == (1, status_list.size - 1)
    assert (overflow[0].number, overflow[1]) == (2, 0)


ALLOCATOR = """
import django, json
django.setup()
from tangkal.badges.status_lists import status_index_allocate
got = [status_index_allocate(purpose="revocation") for _ in range(25)]
print(json.dumps([[sl.number, index] for sl, index in got]))
"""


def test_concurrent_processes_never_share_an_index(tmp_path):
    """Four processes allocate at once against a real SQLite file (WAL, BEGIN IMMEDIATE), as in production."""
    root = Path(__file__).resolve().parents[3]
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tangkal.settings", "TANGKAL_VAR_DIR": str(tmp_path),
           "DATABASE_URL": f"sqlite:///{tmp_path / 'concurrency.sqlite3'}", "PYTHONPATH": str(root)}
    subprocess.run([sys.executable, "manage.py", "migrate", "badges", "--noinput", "-v", "0"], cwd=root, env=env,
                   check=True, timeout=120)
    workers = [subprocess.Popen([sys.executable, "-c", ALLOCATOR], cwd=root, env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True) for _ in range(4)]
    found = []
    for worker in workers:
        out, err = worker.communicate(timeout=120)
        assert worker.returncode == 0, err
        found += [tuple(pair) for pair in json.loads(out.strip().splitlines()[-1])]
    assert len(found) == 100
    assert len(set(found)) == 100, "an index was handed out twice"
    assert sorted(index for _number, index in found) == list(range(100))


@pytest.mark.django_db
def test_setting_a_bit_republishes_a_signed_list():
    status_list, index = status_index_allocate(purpose="revocation")
    updated = status_bit_set(status_list_id=status_list.pk, index=index, value=True)
    assert updated.version == 1 and updated.published_version == 1
    published = local_status_list(f"http://testserver/lencana/status/revocation/{status_list.number}")
    assert Bits.decode(published["credentialSubject"]["encodedList"]).get(index) is True
    assert published["proof"]["cryptosuite"] == "eddsa-rdfc-2022"
    # A status list is itself a credential signed by the issuer: its proof checks out.
    from tangkal.badges.crypto.eddsa_rdfc_2022 import verify_proof
    from tangkal.badges.issuer import local_key_resolver

    assert verify_proof(document=published, resolve_key=local_key_resolver()).ok
    assert verify is not None


@pytest.mark.django_db
def test_unknown_status_list_addresses_are_refused():
    with pytest.raises(ValueError, match="not published by this deployment"):
        local_status_list("https://elsewhere.example/lencana/status/revocation/1")
    with pytest.raises(ValueError, match="not a status list address"):
        local_status_list("http://testserver/lencana/status/other/1")
