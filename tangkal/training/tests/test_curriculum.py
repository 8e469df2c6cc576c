import pytest

from tangkal.training.loader import load_curriculum, read_manifest
from tangkal.training.models import Choice, Course, CurriculumVersion, Module, Question
from tangkal.training.selectors import current_version
from tangkal.training.views import render_markdown


def test_the_shipped_curriculum_has_at_least_four_substantial_modules_with_ten_questions_each():
    manifest = read_manifest()
    modules = [m for c in manifest["courses"] for m in c["modules"]]
    assert len(modules) >= 4
    for module in modules:
        assert len(module["body"].split()) >= 400, module["slug"]
        assert len(module["questions"]) >= 10, module["slug"]
        keys = [q["key"] for q in module["questions"]]
        assert len(keys) == len(set(keys)), module["slug"]
        for question in module["questions"]:
            right = [c for c in question["choices"] if c["correct"]]
            assert question["explanation"], question["key"]
            assert len(question["choices"]) >= 3, question["key"]
            if question["kind"] == "single":
                assert len(right) == 1, question["key"]
            else:
                assert question["kind"] == "multiple" and len(right) >= 2, question["key"]


def test_the_curriculum_names_the_laws_correctly():
    text = " ".join(m["body"] for c in read_manifest()["courses"] for m in c["modules"])
    for fact in ["UU Nomor 11 Tahun 2008", "UU Nomor 19 Tahun 2016", "UU Nomor 1 Tahun 2024",
                 "UU Nomor 27 Tahun 2022", "UU Nomor 20 Tahun 2023", "PP Nomor 94 Tahun 2021"]:
        assert fact in text, fact


@pytest.mark.django_db
def test_the_migration_loaded_the_curriculum_and_published_version_one():
    version = current_version()
    assert version is not None and version.number == 1 and version.published_at is not None
    assert version.courses.count() == 2
    assert Module.objects.filter(course__in=version.courses.all()).count() == 6
    assert Question.objects.count() >= 60


@pytest.mark.django_db
def test_loading_again_creates_nothing_and_keeps_admin_edits():
    module = Module.objects.get(slug="mengenali-hoaks")
    module.title = "Judul yang disunting admin"
    module.save()
    before = (Course.objects.count(), Module.objects.count(), Question.objects.count(), Choice.objects.count(),
              CurriculumVersion.objects.count())
    result = load_curriculum()
    assert (result.courses, result.modules, result.questions, result.version_published) == (0, 0, 0, False)
    after = (Course.objects.count(), Module.objects.count(), Question.objects.count(), Choice.objects.count(),
             CurriculumVersion.objects.count())
    assert before == after
    assert Module.objects.get(slug="mengenali-hoaks").title == "Judul yang disunting admin"


def test_markdown_is_rendered_and_sanitised():
    html = render_markdown("## Judul\n\n**tebal** <script>alert(1)</script> [x](javascript:alert(1)) "
                           "<img src=x onerror=alert(1)>")
    assert "<h2>Judul</h2>" in html and "<strong>tebal</strong>" in html
    assert "<script" not in html and "javascript:" not in html and "onerror" not in html


@pytest.mark.django_db
def test_the_load_command_can_restore_the_shipped_wording():
    from io import StringIO

    from django.core.management import call_command

    Module.objects.filter(slug="mengenali-hoaks").update(title="Diubah")
    call_command("load_curriculum", stdout=StringIO())
    assert Module.objects.get(slug="mengenali-hoaks").title == "Diubah"
    call_command("load_curriculum", "--update", stdout=StringIO())
    assert Module.objects.get(slug="mengenali-hoaks").title == "Mengenali hoaks dan jenis-jenisnya"
    assert Question.objects.filter(quiz__module__slug="mengenali-hoaks").count() == 12


def test_the_badge_evidence_link_reverses():
    from django.urls import reverse

    url = reverse("training:certificate", kwargs={"public_id": "7d1f6f43-8a8e-4c55-9c5b-2f0a3c1e9b10"})
    assert url == "/pelatihan/sertifikat/7d1f6f43-8a8e-4c55-9c5b-2f0a3c1e9b10/"
