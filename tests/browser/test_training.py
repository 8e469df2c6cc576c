"""An ASN on their phone reads a module of the required curriculum, passes its quiz with the keyboard
alone and sees their progress move; a failed quiz explains every wrong answer and when to try
again — in a real browser, against the starter curriculum."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COURSE = "Dasar Menangkal Hoaks"
MODULE = "Mengenali hoaks dan jenis-jenisnya"
MODULE_URL = "/pelatihan/kursus/dasar-menangkal-hoaks/mengenali-hoaks/"


@pytest.fixture
def curriculum(db):
    """The starter curriculum (6 modules, 12 questions a quiz, 10 drawn, pass mark 70 %, 30-minute pause).

    A migration loads it, but a browser test empties the database when it ends, so load it again (idempotent).
    """
    from tangkal.training.loader import load_curriculum
    from tangkal.training.selectors import current_version

    load_curriculum()
    return current_version()


def fits_the_phone(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= 390


def sign_in(page, live_server, user) -> None:
    page.goto(f"{live_server.url}/akun/masuk/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Halo, {user}")


def drawn_questions(user):
    """The questions of the person's open attempt as the page shows them: draw order, shuffled choices."""
    from tangkal.training.models import Attempt
    from tangkal.training.selectors import attempt_questions

    return attempt_questions(Attempt.objects.get(user=user, submitted_at__isnull=True))


def test_an_asn_reads_a_module_passes_its_quiz_by_keyboard_and_sees_progress(phone, live_server, actors, curriculum):
    page = phone
    sign_in(page, live_server, actors.influencer)
    page.get_by_role("link", name="Pelatihan saya", exact=True).click()

    # Their training page: nothing done yet.
    expect(page.get_by_role("heading", level=1)).to_have_text("Pelatihan saya")
    expect(page.get_by_role("heading", name="Kurikulum Wajib Influencer ASN")).to_be_visible()
    overall = page.get_by_role("progressbar", name="0 dari 6 modul selesai")
    expect(overall).to_have_attribute("value", "0")
    course = page.get_by_role("region", name=COURSE)
    module_item = course.get_by_role("listitem").filter(has=page.get_by_role("link", name=MODULE))
    expect(module_item).to_contain_text("Belum dibaca")
    assert fits_the_phone(page)

    # They read the lesson to the end and say so.
    module_item.get_by_role("link", name=MODULE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(MODULE)
    lesson = page.get_by_role("article")
    expect(lesson.get_by_role("heading", level=2, name="Tiga golongan gangguan informasi")).to_be_visible()
    last_section = lesson.get_by_role("heading", level=2, name="Yang Anda lakukan sebagai Influencer ASN")
    last_section.scroll_into_view_if_needed()
    expect(last_section).to_be_in_viewport()
    assert fits_the_phone(page)
    page.get_by_role("button", name="Tandai sudah dibaca").click()
    expect(page.get_by_role("status")).to_have_text("Tersimpan: modul sudah dibaca. Lanjutkan dengan kuisnya.")
    expect(page.get_by_text("Sudah dibaca", exact=True)).to_be_visible()
    expect(page.get_by_text("10 soal diundi dari bank soal, nilai lulus 70%")).to_be_visible()

    # The quiz, answered with the keyboard only: Tab to each question, arrows (radio) or Space (checkbox).
    page.get_by_role("button", name="Mulai kuis").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Kuis: {MODULE}")
    expect(page.get_by_text("Percobaan 1 · nilai lulus 70%")).to_be_visible()
    assert fits_the_phone(page)
    questions = drawn_questions(actors.influencer)
    assert len(questions) == 10
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Lewati ke konten")).to_be_focused()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    expect(page.get_by_role("navigation", name="Jejak halaman").get_by_role("link", name=MODULE)).to_be_focused()
    for question, choices in questions:
        page.keyboard.press("Tab")
        group = page.get_by_role("group", name=question.text)
        kind = "checkbox" if question.kind == "multiple" else "radio"
        expect(group.get_by_role(kind).first).to_be_focused()
        right = [i for i, choice in enumerate(choices) if choice.is_correct]
        if kind == "radio":
            # Space picks the focused first option; each arrow press moves to the next option and picks it.
            page.keyboard.press("Space")
            for _ in range(right[0]):
                page.keyboard.press("ArrowDown")
        else:
            for i in range(len(choices)):
                if i in right:
                    page.keyboard.press("Space")
                if i < len(choices) - 1:
                    page.keyboard.press("Tab")
        for i, choice in enumerate(choices):
            expect(group.get_by_role(kind, name=choice.text, exact=True)).to_be_checked(checked=i in right)
    page.keyboard.press("Tab")
    submit = page.get_by_role("button", name="Kirim jawaban")
    expect(submit).to_be_focused()
    page.keyboard.press("Enter")

    expect(page.get_by_role("status").filter(has_text="Selamat")).to_have_text(
        "Selamat, Anda lulus dengan nilai 100%.")
    expect(page.get_by_role("heading", name="Nilai 100% (10 dari 10 benar)")).to_be_visible()
    expect(page.get_by_text("Jawaban Anda benar")).to_have_count(10)
    assert fits_the_phone(page)

    # Back on the module and on their training page, the progress has moved.
    page.get_by_role("link", name="Kembali ke modul").click()
    expect(page.get_by_text("Kuis lulus", exact=True)).to_be_visible()
    expect(page.get_by_text("Modul selesai", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Mulai kuis")).to_have_count(0)
    page.get_by_role("navigation", name="Jejak halaman").get_by_role("link", name="Pelatihan saya").click()
    overall = page.get_by_role("progressbar", name="1 dari 6 modul selesai")
    expect(overall).to_have_attribute("value", "1")
    expect(module_item).to_contain_text("Selesai")
    expect(module_item).to_contain_text("nilai terbaik 100%")
    assert page.console_errors == [], page.console_errors


def test_a_failed_quiz_marks_each_wrong_answer_and_says_when_to_try_again(phone, live_server, actors, curriculum):
    from tangkal.training import services
    from tangkal.training.tests.helpers import first_module

    services.module_mark_read(user=actors.influencer, module=first_module())
    page = phone
    sign_in(page, live_server, actors.influencer)
    page.goto(live_server.url + MODULE_URL)
    page.get_by_role("button", name="Mulai kuis").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Kuis: {MODULE}")

    # Four answers wrong, six right: 60 %, under the 70 % pass mark. Tapped, as on a phone.
    questions = drawn_questions(actors.influencer)
    for number, (question, choices) in enumerate(questions):
        group = page.get_by_role("group", name=question.text)
        kind = "checkbox" if question.kind == "multiple" else "radio"
        picks = [next(c for c in choices if not c.is_correct)] if number < 4 else [c for c in choices if c.is_correct]
        for choice in picks:
            group.get_by_role(kind, name=choice.text, exact=True).tap()
    page.get_by_role("button", name="Kirim jawaban").tap()

    expect(page.get_by_role("status").filter(has_text="Nilai Anda")).to_have_text(
        "Nilai Anda 60%, belum mencapai nilai lulus 70%. Baca penjelasan di bawah, lalu coba lagi setelah masa jeda.")
    expect(page.get_by_role("heading", name="Nilai 60% (6 dari 10 benar)")).to_be_visible()
    expect(page.get_by_text("Belum lulus", exact=True)).to_be_visible()
    expect(page.get_by_text("Jawaban Anda salah")).to_have_count(4)
    # Each wrong answer comes with the right one and the reason.
    first, first_choices = questions[0]
    answered = page.get_by_role("listitem").filter(has_text=first.text)
    expect(answered).to_contain_text("Jawaban Anda salah")
    right = next(c for c in first_choices if c.is_correct)
    expect(answered.get_by_role("listitem").filter(has_text=right.text)).to_contain_text("benar")
    expect(answered.locator(".explanation")).to_have_text(first.explanation)
    assert fits_the_phone(page)

    # Trying again at once is refused with the time it opens again; the module is not complete.
    page.get_by_role("link", name="Kembali ke modul").click()
    page.get_by_role("button", name="Mulai kuis").click()
    expect(page.get_by_role("status")).to_contain_text(re.compile(
        r"Tunggu (29|30) menit lagi sebelum mencoba kuis ini kembali \(mulai .+\)\. "
        r"Gunakan waktunya untuk membaca ulang modul\."))
    expect(page.get_by_text("Modul selesai", exact=True)).to_have_count(0)
    expect(page.get_by_role("link", name="Percobaan 1")).to_be_visible()
    expect(page.get_by_text("belum lulus", exact=True)).to_be_visible()
    assert page.console_errors == [], page.console_errors
