"""Loads the starter curriculum shipped in `curriculum/` (Markdown modules and JSON question banks).

Idempotent: rows are matched by slug or key and only created when missing, so edits an admin made
afterwards survive a re-run. `update=True` overwrites texts from the files (for a fresh install that
wants the newest wording). Works with the live models or with a migration's historical app registry.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from django.utils import timezone

CURRICULUM_DIR = Path(__file__).resolve().parent / "curriculum"


@dataclass
class LoadResult:
    courses: int = 0
    modules: int = 0
    questions: int = 0
    version_published: bool = False


def read_manifest(directory: Path = CURRICULUM_DIR) -> dict:
    manifest = json.loads((directory / "curriculum.json").read_text(encoding="utf-8"))
    for course in manifest["courses"]:
        for module in course["modules"]:
            module["body"] = (directory / "modules" / f"{module['slug']}.md").read_text(encoding="utf-8")
            quiz_file = directory / "quizzes" / f"{module['slug']}.json"
            module["questions"] = json.loads(quiz_file.read_text(encoding="utf-8")) if quiz_file.exists() else []
    return manifest


def _models(apps_registry):
    if apps_registry is None:
        from django.apps import apps as apps_registry
    names = ["Course", "Module", "Quiz", "Question", "Choice", "Curriculum", "CurriculumVersion"]
    return {name: apps_registry.get_model("training", name) for name in names}


def _upsert(model, lookup: dict, values: dict, update: bool):
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        return model.objects.create(**lookup, **values), True
    if update:
        for field, value in values.items():
            setattr(obj, field, value)
        obj.save()
    return obj, False


def load_curriculum(*, apps_registry=None, update: bool = False, directory: Path = CURRICULUM_DIR) -> LoadResult:
    m = _models(apps_registry)
    manifest = read_manifest(directory)
    result = LoadResult()
    defaults = manifest.get("quiz_defaults", {})
    courses = []
    for course_order, course_data in enumerate(manifest["courses"], start=1):
        course, created = _upsert(
            m["Course"], {"slug": course_data["slug"]},
            {"title": course_data["title"], "summary": course_data.get("summary", ""), "order": course_order},
            update,
        )
        result.courses += created
        courses.append(course)
        for module_order, data in enumerate(course_data["modules"], start=1):
            module, created = _upsert(
                m["Module"], {"course": course, "slug": data["slug"]},
                {"title": data["title"], "summary": data.get("summary", ""), "body": data["body"],
                 "minutes": data.get("minutes", 10), "order": module_order,
                 "video_url": data.get("video_url", ""), "video_title": data.get("video_title", "")},
                update,
            )
            result.modules += created
            if not data["questions"]:
                continue
            quiz, _created = _upsert(m["Quiz"], {"module": module}, {**defaults, **data.get("quiz", {})}, update)
            for question_order, q in enumerate(data["questions"], start=1):
                question, created = _upsert(
                    m["Question"], {"quiz": quiz, "key": q["key"]},
                    {"kind": q["kind"], "text": q["text"], "explanation": q.get("explanation", ""),
                     "order": question_order},
                    update,
                )
                result.questions += created
                if created or update:
                    question.choices.all().delete()
                    m["Choice"].objects.bulk_create([
                        m["Choice"](question=question, text=c["text"], is_correct=c["correct"], order=i)
                        for i, c in enumerate(q["choices"], start=1)
                    ])

    info = manifest["curriculum"]
    curriculum = m["Curriculum"].objects.filter(slug=info["slug"]).first()
    if curriculum is None:
        has_required = m["Curriculum"].objects.filter(is_required=True).exists()
        curriculum = m["Curriculum"].objects.create(
            slug=info["slug"], title=info["title"], description=info.get("description", ""),
            is_required=not has_required,
        )
    version_info = manifest["version"]
    if not m["CurriculumVersion"].objects.filter(curriculum=curriculum).exists():
        version = m["CurriculumVersion"].objects.create(
            curriculum=curriculum, number=version_info["number"], notes=version_info.get("notes", ""),
            published_at=timezone.now(),
        )
        version.courses.set(courses)
        result.version_published = True
    return result
