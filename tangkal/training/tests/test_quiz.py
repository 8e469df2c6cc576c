import re
from datetime import timedelta

import pytest
from django.utils import timezone

from conftest import login
from tangkal.training import selectors, services
from tangkal.training.models import Attempt, Question
from tangkal.training.tests.helpers import first_module, right_answers, wrong_answers

pytestmark = pytest.mark.django_db


@pytest.fixture
def quiz():
    return first_module().quiz


def test_an_attempt_draws_from_the_bank_and_a_reload_shows_the_same_questions(actors, quiz, client_for):
    attempt = services.attempt_start(user=actors.influencer, quiz=quiz)
    bank = set(quiz.questions.values_list("pk", flat=True))
    assert len(attempt.question_ids) == quiz.questions_per_attempt < len(bank)
    assert set(attempt.question_ids) <= bank
    first = [(q.pk, [c.pk for c in choices]) for q, choices in selectors.attempt_questions(attempt)]
    again = services.attempt_start(user=actors.influencer, quiz=quiz)
    assert again.pk == attempt.pk
    assert [(q.pk, [c.pk for c in cs]) for q, cs in selectors.attempt_questions(again)] == first
    client = client_for("influencer")
    inputs = [re.findall(r'name="q\d+" value="\d+"', client.get(f"/pelatihan/kuis/{attempt.public_id}/").content.decode())
              for _ in range(2)]
    assert inputs[0] == inputs[1] and len(inputs[0]) >= 30


def test_two_people_get_independent_draws(actors, quiz):
    draws = {tuple(services.attempt_start(user=user, quiz=quiz).question_ids)
             for user in (actors.influencer, actors.coord_a, actors.coord_b, actors.verifier, actors.admin)}
    assert len(draws) > 1


def test_scoring_happens_on_the_server_against_the_pass_mark(actors, quiz):
    attempt = services.attempt_start(user=actors.influencer, quiz=quiz)
    answers = right_answers(attempt)
    wrong = wrong_answers(attempt)
    # 7 of 10 right is exactly the 70% pass mark.
    for qid in list(answers)[:3]:
        answers[qid] = wrong[qid]
    attempt = services.attempt_submit(attempt=attempt, by=actors.influencer, answers=answers)
    assert (attempt.correct, attempt.total, attempt.score, attempt.passed) == (7, 10, 70, True)


def test_below_the_pass_mark_fails(actors, quiz):
    attempt = services.attempt_start(user=actors.influencer, quiz=quiz)
    answers = right_answers(attempt)
    for qid in list(answers)[:4]:
        answers[qid] = wrong_answers(attempt)[qid]
    attempt = services.attempt_submit(attempt=attempt, by=actors.influencer, answers=answers)
    assert (attempt.score, attempt.passed) == (60, False)


def test_multiple_choice_needs_exactly_the_right_set(actors, quiz):
    multiple = quiz.questions.filter(kind=Question.Kind.MULTIPLE).first()
    attempt = services.attempt_start(user=actors.influencer, quiz=quiz)
    Attempt.objects.filter(pk=attempt.pk).update(question_ids=[multiple.pk])
    attempt.refresh_from_db()
    right = [c.pk for c in multiple.choices.all() if c.is_correct]
    attempt = services.attempt_submit(attempt=attempt, by=actors.influencer, answers={str(multiple.pk): right[:-1]})
    assert attempt.correct == 0 and not attempt.passed


def test_submitting_twice_changes_nothing(actors, quiz):
    attempt = services.attempt_start(user=actors.influencer, quiz=quiz)
    stale = Attempt.objects.get(pk=attempt.pk)
    services.attempt_submit(attempt=attempt, by=actors.influencer, answers=wrong_answers(attempt))
    with pytest.raises(services.AlreadySubmitted):
        services.attempt_submit(attempt=attempt, by=actors.influencer, answers=right_answers(attempt))
    # A second tab still holding the unsubmitted row loses the race at the conditional UPDATE.
    with pytest.raises(services.AlreadySubmitted):
        services.attempt_submit(attempt=stale, by=actors.influencer, answers=right_answers(stale))
    attempt.refresh_from_db()
    assert attempt.score == 0 and not attempt.passed


def test_double_submit_through_the_page_keeps_the_first_result(actors, quiz, client_for):
    client = client_for("influencer")
    attempt = services.attempt_start(user=actors.influencer, quiz=quiz)
    data = {f"q{k}": v for k, v in wrong_answers(attempt).items()}
    assert client.post(f"/pelatihan/kuis/{attempt.public_id}/kirim/", data).status_code == 302
    data = {f"q{k}": v for k, v in right_answers(attempt).items()}
    response = client.post(f"/pelatihan/kuis/{attempt.public_id}/kirim/", data, follow=True)
    assert "sudah dikirim" in response.content.decode()
    attempt.refresh_from_db()
    assert attempt.score == 0


def test_answers_to_questions_outside_the_attempt_are_refused(actors, quiz):
    attempt = services.attempt_start(user=actors.influencer, quiz=quiz)
    outsider = quiz.questions.exclude(pk__in=attempt.question_ids).first()
    answers = right_answers(attempt)
    answers[str(outsider.pk)] = [outsider.choices.first().pk]
    with pytest.raises(services.TrainingError) as error:
        services.attempt_submit(attempt=attempt, by=actors.influencer, answers=answers)
    assert error.value.code == "foreign_question"
    assert "bukan bagian dari percobaan ini" in error.value.message
    attempt.refresh_from_db()
    assert attempt.submitted_at is None


def test_a_choice_of_another_question_is_refused(actors, quiz):
    attempt = services.attempt_start(user=actors.influencer, quiz=quiz)
    answers = right_answers(attempt)
    first, second = attempt.question_ids[:2]
    answers[str(first)] = [Question.objects.get(pk=second).choices.first().pk]
    with pytest.raises(services.TrainingError) as error:
        services.attempt_submit(attempt=attempt, by=actors.influencer, answers=answers)
    assert error.value.code == "foreign_choice"


def test_single_choice_questions_take_one_answer_and_every_question_must_be_answered(actors, quiz):
    attempt = services.attempt_start(user=actors.influencer, quiz=quiz)
    single = Question.objects.filter(pk__in=attempt.question_ids, kind=Question.Kind.SINGLE).first()
    answers = right_answers(attempt)
    answers[str(single.pk)] = [c.pk for c in single.choices.all()[:2]]
    with pytest.raises(services.TrainingError) as error:
        services.attempt_submit(attempt=attempt, by=actors.influencer, answers=answers)
    assert error.value.code == "too_many_choices"
    answers = right_answers(attempt)
    answers.pop(str(attempt.question_ids[2]))
    with pytest.raises(services.TrainingError) as error:
        services.attempt_submit(attempt=attempt, by=actors.influencer, answers=answers)
    assert error.value.code == "unanswered" and "nomor 3" in error.value.message


def test_an_unanswered_page_is_shown_again_with_the_choices_kept(actors, quiz, client_for):
    attempt = services.attempt_start(user=actors.influencer, quiz=quiz)
    answers = right_answers(attempt)
    kept_qid, kept = next(iter(answers.items()))
    response = client_for("influencer").post(f"/pelatihan/kuis/{attempt.public_id}/kirim/", {f"q{kept_qid}": kept})
    assert response.status_code == 400
    body = response.content.decode()
    assert "belum dijawab" in body and f'value="{kept[0]}" checked' in body


def test_someone_else_cannot_see_or_submit_my_attempt(actors, quiz, client_for):
    attempt = services.attempt_start(user=actors.influencer, quiz=quiz)
    other = client_for("coord_a")
    assert other.get(f"/pelatihan/kuis/{attempt.public_id}/").status_code == 404
    assert other.post(f"/pelatihan/kuis/{attempt.public_id}/kirim/", {}).status_code == 404
    with pytest.raises(services.PermissionDenied):
        services.attempt_submit(attempt=attempt, by=actors.coord_a, answers=right_answers(attempt))


def test_a_failed_attempt_starts_a_cooldown(actors, quiz):
    now = timezone.now()
    attempt = services.attempt_start(user=actors.influencer, quiz=quiz, now=now)
    services.attempt_submit(attempt=attempt, by=actors.influencer, answers=wrong_answers(attempt), now=now)
    with pytest.raises(services.TrainingError) as error:
        services.attempt_start(user=actors.influencer, quiz=quiz, now=now + timedelta(minutes=10))
    assert error.value.code == "cooldown" and "Tunggu 20 menit lagi" in error.value.message
    later = services.attempt_start(user=actors.influencer, quiz=quiz, now=now + timedelta(minutes=31))
    assert later.number == 2


def test_the_attempt_limit_is_enforced(actors, quiz):
    quiz.cooldown_minutes = 0
    quiz.save()
    for _ in range(quiz.max_attempts):
        attempt = services.attempt_start(user=actors.influencer, quiz=quiz)
        services.attempt_submit(attempt=attempt, by=actors.influencer, answers=wrong_answers(attempt))
    with pytest.raises(services.TrainingError) as error:
        services.attempt_start(user=actors.influencer, quiz=quiz)
    assert error.value.code == "attempt_limit" and "(3 dari 3)" in error.value.message
    assert Attempt.objects.filter(user=actors.influencer, quiz=quiz).count() == 3


def test_the_limit_message_reaches_the_person_on_the_module_page(actors, quiz, client_for):
    quiz.max_attempts = 1
    quiz.save()
    attempt = services.attempt_start(user=actors.influencer, quiz=quiz)
    services.attempt_submit(attempt=attempt, by=actors.influencer, answers=wrong_answers(attempt))
    response = client_for("influencer").post(
        "/pelatihan/kursus/dasar-menangkal-hoaks/mengenali-hoaks/kuis/", follow=True)
    assert "Batas percobaan kuis ini sudah habis" in response.content.decode()


def test_a_passed_quiz_is_not_retaken(actors, quiz):
    attempt = services.attempt_start(user=actors.influencer, quiz=quiz)
    services.attempt_submit(attempt=attempt, by=actors.influencer, answers=right_answers(attempt))
    with pytest.raises(services.TrainingError) as error:
        services.attempt_start(user=actors.influencer, quiz=quiz)
    assert error.value.code == "already_passed"


def test_the_whole_quiz_flow_through_the_pages(actors, quiz, client_for):
    client = client_for("influencer")
    url = "/pelatihan/kursus/dasar-menangkal-hoaks/mengenali-hoaks/"
    assert client.get(url).status_code == 200
    client.post(url + "selesai/")
    response = client.post(url + "kuis/")
    assert response.status_code == 302 and "/pelatihan/kuis/" in response["Location"]
    attempt = Attempt.objects.get(user=actors.influencer)
    data = {f"q{k}": v for k, v in right_answers(attempt).items()}
    response = client.post(f"/pelatihan/kuis/{attempt.public_id}/kirim/", data, follow=True)
    body = response.content.decode()
    assert "Selamat, Anda lulus dengan nilai 100%" in body and "Nilai 100%" in body
    page = client.get(url).content.decode()
    assert "Modul selesai" in page


def test_an_empty_bank_says_so(actors, quiz):
    quiz.questions.update(is_active=False)
    with pytest.raises(services.TrainingError) as error:
        services.attempt_start(user=actors.influencer, quiz=quiz)
    assert error.value.code == "empty_bank"


def test_the_quiz_pages_have_no_inline_script_or_style(actors, quiz):
    from django.test import Client

    client = login(Client(), actors.influencer)
    attempt = services.attempt_start(user=actors.influencer, quiz=quiz)
    for url in ["/pelatihan/", "/pelatihan/kursus/dasar-menangkal-hoaks/mengenali-hoaks/",
                f"/pelatihan/kuis/{attempt.public_id}/"]:
        body = client.get(url).content.decode()
        assert "<script>" not in body and "style=" not in body and "onclick" not in body
