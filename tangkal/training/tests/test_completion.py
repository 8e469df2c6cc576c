import pytest
from django.test import Client
from django.utils import timezone

from tangkal.core.models import AuditEntry
from tangkal.training import services
from tangkal.training.models import CurriculumVersion, Enrollment, Module
from tangkal.training.pdf import render_certificate_pdf
from tangkal.training.selectors import current_version, has_completed_required_curriculum, training_completion
from tangkal.training.tests.helpers import right_answers

pytestmark = pytest.mark.django_db


def complete(user, modules):
    for module in modules:
        services.module_mark_read(user=user, module=module)
        quiz = getattr(module, "quiz", None)
        if quiz is not None:
            attempt = services.attempt_start(user=user, quiz=quiz)
            services.attempt_submit(attempt=attempt, by=user, answers=right_answers(attempt))


def required(version):
    return list(Module.objects.filter(course__in=version.courses.all(), is_published=True))


def test_reading_alone_does_not_complete_a_module_with_a_quiz(actors):
    module = Module.objects.get(slug="mengenali-hoaks")
    progress = services.module_mark_read(user=actors.influencer, module=module)
    assert progress.read_at and progress.completed_at is None


def test_finishing_every_required_module_issues_one_certificate(actors):
    modules = required(current_version())
    complete(actors.influencer, modules[:-1])
    assert not has_completed_required_curriculum(actors.influencer)
    assert training_completion(actors.influencer) is None
    complete(actors.influencer, modules[-1:])
    certificate = training_completion(actors.influencer)
    assert has_completed_required_curriculum(actors.influencer)
    assert certificate.completed_at and certificate.public_id and certificate.holder_name == actors.influencer.full_name
    assert services.certificate_issue_if_complete(user=actors.influencer) == certificate
    assert AuditEntry.objects.filter(action="training.certificate_issued", object_id=str(certificate.pk)).exists()


def test_a_new_version_does_not_move_the_goal_for_someone_already_training(actors):
    version_one = current_version()
    services.enrollment_ensure(user=actors.influencer)
    extra = Module.objects.create(course=version_one.courses.first(), slug="modul-baru", title="Modul baru",
                                  body="Isi", order=99, is_published=False)
    from tangkal.training.models import Course
    new_course = Course.objects.create(slug="kursus-baru", title="Kursus baru")
    Module.objects.create(course=new_course, slug="modul-kursus-baru", title="Modul", body="Isi")
    version_two = CurriculumVersion.objects.create(curriculum=version_one.curriculum, number=2)
    version_two.courses.set([*version_one.courses.all(), new_course])
    services.curriculum_version_publish(version=version_two, by=actors.admin)
    assert current_version() == version_two
    complete(actors.influencer, required(version_one))
    assert training_completion(actors.influencer).version == version_one
    # Someone who starts now is pinned to version 2 and needs the new course too.
    services.enrollment_ensure(user=actors.coord_a)
    assert Enrollment.objects.get(user=actors.coord_a).version == version_two
    complete(actors.coord_a, required(version_one))
    assert not has_completed_required_curriculum(actors.coord_a)
    assert extra.pk  # unpublished modules are never required


def test_a_version_cannot_be_published_twice_or_without_courses(actors):
    with pytest.raises(services.TrainingError):
        services.curriculum_version_publish(version=current_version(), by=actors.admin)
    empty = CurriculumVersion.objects.create(curriculum=current_version().curriculum, number=5)
    with pytest.raises(services.TrainingError) as error:
        services.curriculum_version_publish(version=empty, by=actors.admin)
    assert error.value.code == "no_courses"


def test_a_revoked_certificate_no_longer_counts_and_its_page_says_so(actors):
    complete(actors.influencer, required(current_version()))
    certificate = training_completion(actors.influencer)
    services.certificate_revoke(certificate=certificate, by=actors.admin, reason="Pelanggaran netralitas.")
    assert not has_completed_required_curriculum(actors.influencer)
    body = Client().get(f"/pelatihan/sertifikat/{certificate.public_id}/").content.decode()
    assert "DICABUT" in body and "Pelanggaran netralitas." in body


def test_the_public_verification_page_shows_name_curriculum_date_and_validity(actors):
    complete(actors.influencer, required(current_version()))
    certificate = training_completion(actors.influencer)
    response = Client().get(f"/pelatihan/sertifikat/{certificate.public_id}/")
    body = response.content.decode()
    assert response.status_code == 200
    for text in [actors.influencer.full_name, "Kurikulum Wajib Influencer ASN", "SAH",
                 timezone.localtime(certificate.completed_at).strftime("%Y")]:
        assert text in body
    assert actors.influencer.email not in body


def test_the_certificate_pdf_carries_a_qr_code_to_the_verification_page(actors, client_for):
    complete(actors.influencer, required(current_version()))
    certificate = training_completion(actors.influencer)
    pdf = render_certificate_pdf(certificate)
    assert pdf.startswith(b"%PDF") and b"/Subtype /Image" in pdf
    assert f"/pelatihan/sertifikat/{certificate.public_id}/".encode() in pdf
    response = client_for("influencer").get(f"/pelatihan/sertifikat/{certificate.public_id}/pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert client_for("coord_b").get(f"/pelatihan/sertifikat/{certificate.public_id}/pdf/").status_code == 403


def test_a_name_outside_latin1_still_renders(actors):
    complete(actors.influencer, required(current_version()))
    certificate = training_completion(actors.influencer)
    certificate.holder_name = "Ṡiti Nūrhaliza 王"
    assert render_certificate_pdf(certificate).startswith(b"%PDF")


def test_the_training_page_shows_progress_and_is_translated(actors, client_for):
    client = client_for("influencer")
    body = client.get("/pelatihan/").content.decode()
    assert "Pelatihan saya" in body and "0 dari 6 modul selesai" in body
    client.post("/i18n/setlang/", {"language": "en", "next": "/pelatihan/"})
    body = client.get("/pelatihan/").content.decode()
    assert "My training" in body and "0 of 6 modules completed" in body
    assert "Mengenali hoaks dan jenis-jenisnya" in body  # the curriculum itself stays Indonesian
