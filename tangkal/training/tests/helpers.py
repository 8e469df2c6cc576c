from __future__ import annotations

from tangkal.training.models import Attempt, Module, Question


def right_answers(attempt: Attempt) -> dict[str, list[int]]:
    answers = {}
    for question in Question.objects.filter(pk__in=attempt.question_ids).prefetch_related("choices"):
        answers[str(question.pk)] = [c.pk for c in question.choices.all() if c.is_correct]
    return answers


def wrong_answers(attempt: Attempt) -> dict[str, list[int]]:
    answers = {}
    for question in Question.objects.filter(pk__in=attempt.question_ids).prefetch_related("choices"):
        answers[str(question.pk)] = [next(c.pk for c in question.choices.all() if not c.is_correct)]
    return answers


def first_module() -> Module:
    return Module.objects.get(course__slug="dasar-menangkal-hoaks", slug="mengenali-hoaks")
