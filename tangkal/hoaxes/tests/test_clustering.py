import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError, connection

from tangkal.hoaxes import services
from tangkal.hoaxes import text as textsim
from tangkal.hoaxes.images import clean_image
from tangkal.hoaxes.models import Claim, Report
from tangkal.hoaxes.tests.conftest import HOAX_TEXT, photo_bytes

pytestmark = pytest.mark.django_db

OTHER_HOAX = ("Beredar video banjir bandang di Garut hari ini, padahal itu rekaman lama dari tahun 2016 "
              "yang diunggah ulang dengan keterangan palsu untuk menakut-nakuti warga.")


def test_near_duplicate_chain_messages_collapse_into_one_claim(actors):
    first = services.report_submit(text=HOAX_TEXT, platform="whatsapp")
    noisy = ("*Diteruskan berkali kali*\n" + HOAX_TEXT.upper().replace("Waspada!", "WASPADAAAA!!!")
             .replace("10 grup", "10 group") + " 🙏🙏")
    second = services.report_submit(text=noisy, platform="facebook")
    truncated = services.report_submit(text=HOAX_TEXT[:120], platform="telegram")
    unrelated = services.report_submit(text=OTHER_HOAX, platform="whatsapp")
    assert second.claim_id == first.claim_id == truncated.claim_id
    assert unrelated.claim_id != first.claim_id
    claim = Claim.objects.get(pk=first.claim_id)
    assert claim.report_count == 3 and claim.priority > 0


def test_the_same_link_shared_with_tracking_parameters_collapses(actors):
    a = services.report_submit(url="https://www.tiktok.com/@akun/video/123?utm_source=wa&is_from_webapp=1")
    b = services.report_submit(url="https://tiktok.com/@akun/video/123/?is_from_webapp=1#komentar")
    c = services.report_submit(url="https://tiktok.com/@akun/video/999")
    assert a.claim_id == b.claim_id != c.claim_id


def test_a_site_home_page_link_alone_does_not_cluster(actors):
    assert textsim.url_key("https://www.facebook.com/") == ""


def test_a_re_compressed_copy_of_an_image_collapses(actors):
    original = clean_image(SimpleUploadedFile("a.png", photo_bytes(size=(400, 300))))
    copy = clean_image(SimpleUploadedFile("b.jpg", photo_bytes(size=(240, 180), fmt="JPEG")))
    different = clean_image(SimpleUploadedFile("c.png", photo_bytes(size=(400, 300), variant=1)))
    a = services.report_submit(images=[original])
    b = services.report_submit(images=[copy])
    c = services.report_submit(images=[different])
    assert a.claim_id == b.claim_id
    assert c.claim_id != a.claim_id


def test_short_texts_do_not_pull_unrelated_reports_together(actors):
    a = services.report_submit(text="hoaks?")
    b = services.report_submit(text="hoaks?")
    # Identical short texts are too short to cluster on their own; each is its own claim.
    assert a.claim_id != b.claim_id


def test_a_verifier_merges_and_splits_claims(actors):
    a = services.report_submit(text=HOAX_TEXT)
    b = services.report_submit(text=OTHER_HOAX)
    target = services.claim_merge(source=b.claim, target=a.claim, by=actors.verifier)
    b.refresh_from_db()
    assert b.claim_id == target.pk and target.report_count == 2
    new = services.claim_split(claim=target, report_ids=[b.pk], by=actors.verifier)
    assert Report.objects.get(pk=b.pk).claim_id == new.pk
    target.refresh_from_db()
    assert target.report_count == 1 and new.report_count == 1
    # A later copy of the split-off hoax follows its own claim.
    again = services.report_submit(text=OTHER_HOAX + " sebarkan")
    assert again.claim_id == new.pk


def test_splitting_every_report_is_refused(actors):
    a = services.report_submit(text=HOAX_TEXT)
    with pytest.raises(ValidationError):
        services.claim_split(claim=a.claim, report_ids=[a.pk], by=actors.verifier)


def test_coordinators_cannot_merge(actors):
    from django.core.exceptions import PermissionDenied

    a = services.report_submit(text=HOAX_TEXT)
    b = services.report_submit(text=OTHER_HOAX)
    with pytest.raises(PermissionDenied):
        services.claim_merge(source=b.claim, target=a.claim, by=actors.coord_a)


def test_triage_routes_the_claim_to_the_responsible_agency(actors):
    from tangkal.accounts.models import Region
    from tangkal.hoaxes.models import AgencyRoute

    AgencyRoute.objects.create(topic="bencana", agency=actors.agency_b)
    AgencyRoute.objects.create(topic="bencana", region=Region.objects.get(code="32"), agency=actors.agency_a)
    report = services.report_submit(text=OTHER_HOAX)
    claim = services.claim_update(claim=report.claim, by=actors.verifier, changes={
        "topic": "bencana", "region": Region.objects.get(code="32"), "tags": ["bencana", "bogus"]})
    assert claim.agency == actors.agency_a and claim.tags == ["bencana"]
    assert claim.first_triaged_at is not None and claim.status == Claim.Status.IN_PROGRESS


def test_clustering_keeps_up_with_hundreds_of_claims(actors):
    for i in range(150):
        services.report_submit(text=f"Pesan berantai nomor {i}: {OTHER_HOAX[:40]} kode unik {i * 7919} wilayah {i}")
    start = time.perf_counter()
    report = services.report_submit(text=HOAX_TEXT)
    assert time.perf_counter() - start < 1.0
    assert report.claim_id is not None



def submit_as_a_waiting_writer(**data) -> Report:
    """report_submit as a concurrent writer sees it in production.

    The SQLite test database is a shared-cache in-memory one, where a second writer's BEGIN IMMEDIATE
    fails at once ("database table is locked") instead of waiting out busy_timeout as it does on the WAL
    file. It fails before anything is written, so trying again is the same as having waited.
    """
    deadline = time.monotonic() + 5
    while True:
        try:
            return services.report_submit(**data)
        except OperationalError as exc:
            if connection.vendor != "sqlite" or "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("first, second", [
    ({"text": HOAX_TEXT}, {"text": HOAX_TEXT}),
    ({"url": "https://www.tiktok.com/@akun/video/4242"}, {"url": "https://tiktok.com/@akun/video/4242?utm_source=wa"}),
    ({"text": HOAX_TEXT}, {"text": "*Diteruskan berkali kali* " + HOAX_TEXT.upper() + " 🙏"}),
], ids=["same-text", "same-link", "near-duplicate-text"])
def test_copies_of_a_new_hoax_filed_at_the_same_instant_share_one_claim(monkeypatch, first, second):
    lookup = services.find_claim

    def slow_lookup(*args, **kwargs):
        found = lookup(*args, **kwargs)
        time.sleep(0.2)  # hold the gap between "no claim yet" and "create one" open, so the race is certain
        return found

    monkeypatch.setattr(services, "find_claim", slow_lookup)
    together = threading.Barrier(2, timeout=5)
    claim_ids, errors = [], []

    def file(data):
        try:
            together.wait()
            claim_ids.append(submit_as_a_waiting_writer(platform="whatsapp", **data).claim_id)
        except Exception as exc:  # a thread's exception is otherwise lost
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=file, args=(data,)) for data in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert errors == []
    assert len(claim_ids) == 2 and claim_ids[0] == claim_ids[1]
    assert Claim.objects.count() == 1 and Claim.objects.get().report_count == 2
