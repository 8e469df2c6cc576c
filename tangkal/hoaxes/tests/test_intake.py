import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from tangkal.hoaxes.models import Claim, Report, ReportImage
from tangkal.hoaxes.tests.conftest import HOAX_TEXT, png_bytes

pytestmark = pytest.mark.django_db


def post_report(client=None, **data):
    payload = {"text": HOAX_TEXT, "url": "", "platform": "whatsapp", "reach": "2", "region": "32", **data}
    return (client or Client()).post("/lapor/", payload)


def test_a_visitor_reports_without_signing_in_and_gets_a_tracking_code(actors):
    response = post_report(contact="warga@contoh.id")
    assert response.status_code == 302
    report = Report.objects.get()
    assert response["Location"] == f"/lapor/status/{report.tracking_code}/"
    assert report.claim is not None and report.claim.report_count == 1
    assert report.region_id == "32" and report.reach == 2
    page = Client().get(response["Location"])
    assert report.tracking_code in page.content.decode()


def test_the_contact_is_stored_encrypted_and_can_be_deleted_with_the_tracking_code(actors):
    post_report(contact="Warga@Contoh.id")
    report = Report.objects.get()
    assert "warga@contoh.id" not in report.contact_encrypted.lower() and report.contact_hash
    from tangkal.hoaxes.contacts import decrypt

    assert decrypt(report.contact_encrypted) == "warga@contoh.id"
    response = Client().post(f"/lapor/status/{report.tracking_code}/hapus-kontak/")
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.contact_encrypted == "" and report.contact_hash == ""


def test_the_honeypot_stores_nothing(actors):
    response = post_report(website="http://spam.example")
    assert response.status_code == 302 and response["Location"] == "/lapor/terima-kasih/"
    assert not Report.objects.exists() and not Claim.objects.exists()


def test_an_empty_report_is_rejected_with_a_clear_message(actors):
    response = post_report(text="   ")
    assert response.status_code == 400
    assert "Tempel isi pesan, tautan, atau unggah gambar" in response.content.decode()
    assert not Report.objects.exists()


def test_enormous_text_is_rejected(actors):
    response = post_report(text="hoaks " * 5000)
    assert response.status_code == 400
    assert "terlalu panjang" in response.content.decode()
    assert not Report.objects.exists()


@pytest.mark.parametrize("url", ["bukan tautan", "javascript:alert(1)", "ftp://contoh.id/x", "http://", "https://" + "a" * 1200 + ".id"])
def test_malformed_urls_are_rejected(actors, url):
    response = post_report(text="", url=url)
    assert response.status_code == 400
    assert not Report.objects.exists()


def test_a_link_alone_is_enough(actors):
    assert post_report(text="", url="https://www.facebook.com/share/p/abc123/?mibextid=xyz").status_code == 302
    assert Report.objects.get().url_key


def test_non_image_uploads_are_rejected(actors):
    fake = SimpleUploadedFile("foto.jpg", b"<script>alert(1)</script>" * 20, content_type="image/jpeg")
    response = post_report(images=[fake])
    assert response.status_code == 400
    assert "bukan gambar" in response.content.decode()
    assert not Report.objects.exists() and not ReportImage.objects.exists()


def test_oversized_uploads_are_rejected(actors, settings):
    settings.HOAX_MAX_IMAGE_BYTES = 1024
    big = SimpleUploadedFile("besar.png", png_bytes(size=(300, 300)) + b"\0" * 2048, content_type="image/png")
    response = post_report(images=[big])
    assert response.status_code == 400 and "terlalu besar" in response.content.decode()
    assert not Report.objects.exists()


def test_more_than_three_images_are_rejected(actors):
    files = [SimpleUploadedFile(f"{i}.png", png_bytes(pattern=i), content_type="image/png") for i in range(4)]
    response = post_report(images=files)
    assert response.status_code == 400 and "Paling banyak 3 gambar" in response.content.decode()
    assert not Report.objects.exists()


def test_images_are_re_encoded_without_metadata(actors):
    exif = Image.Exif()
    exif[0x010F] = "KameraRahasia"  # Make
    exif[0x8825] = {2: (6, 10, 0)}  # GPS
    upload = SimpleUploadedFile("foto.jpg", png_bytes(fmt="JPEG", exif=exif.tobytes()), content_type="image/jpeg")
    assert post_report(images=[upload]).status_code == 302
    stored = ReportImage.objects.get()
    data = stored.image.read()
    assert b"KameraRahasia" not in data
    assert not Image.open(io.BytesIO(data)).getexif()
    assert len(stored.phash) == 16


def test_rate_limit_applies_to_the_public_form(actors, settings):
    settings.RATE_LIMIT_ENABLED = True
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "hoax_report": "2/m"}
    client = Client()
    codes = [post_report(client, text=f"{HOAX_TEXT} {i}").status_code for i in range(3)]
    assert codes[:2] == [302, 302] and codes[2] == 429
    assert Report.objects.count() == 2


def test_script_in_a_report_is_never_rendered(actors, client_for):
    script = "<script>alert('x')</script><img src=x onerror=alert(1)>"
    post_report(text=f"{HOAX_TEXT} {script}", url="https://contoh.id/a?q=<script>")
    report = Report.objects.get()
    pages = [Client().get(f"/lapor/status/{report.tracking_code}/"),
             client_for("verifier").get(report.claim.get_absolute_url()),
             client_for("verifier").get("/meja-hoaks/")]
    for page in pages:
        assert page.status_code == 200
        body = page.content.decode()
        assert "<script>alert" not in body and "onerror=alert" not in body.replace("onerror=alert(1)&gt;", "")
        assert "<img src=x" not in body


def test_influencer_reports_in_one_step_from_the_dashboard(actors, client_for):
    client = client_for("influencer")
    response = client.post("/laporan-saya/", {"text": HOAX_TEXT, "platform": "facebook", "reach": "1"})
    assert response.status_code == 302
    report = Report.objects.get()
    assert report.reporter == actors.influencer and report.channel == Report.Channel.DASHBOARD
    assert report.tracking_code in client.get("/laporan-saya/").content.decode()


def test_the_tracking_page_of_an_unknown_code_is_404(actors):
    assert Client().get("/lapor/status/ZZZZZ-ZZZZZ/").status_code == 404
