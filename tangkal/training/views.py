"""Training pages: the ASN's own training (phone first), certificates, and the coordinators' sessions."""

from __future__ import annotations

import markdown
import nh3
import segno
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from tangkal.core.exports import export_response, requested_format
from tangkal.core.permissions import require
from tangkal.training import selectors, services
from tangkal.training.forms import SessionForm
from tangkal.training.models import Attendance, Invitation, Material

MARKDOWN_EXTENSIONS = ["extra", "sane_lists"]
ALLOWED_TAGS = {"h2", "h3", "h4", "p", "ul", "ol", "li", "strong", "em", "code", "pre", "blockquote", "a",
                "table", "thead", "tbody", "tr", "th", "td", "hr", "br", "abbr", "dl", "dt", "dd"}


def render_markdown(text: str) -> str:
    html = markdown.markdown(text, extensions=MARKDOWN_EXTENSIONS, output_format="html")
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes={"a": {"href", "title"}, "abbr": {"title"},
                                                          "th": {"align"}, "td": {"align"}},
                     url_schemes={"https", "http", "mailto"}, link_rel="noopener noreferrer nofollow")


# --- the ASN's training --------------------------------------------------------------------------


@login_required
def home(request):
    require(request.user, "training.learn")
    services.enrollment_ensure(user=request.user)
    overview = selectors.training_overview(request.user)
    return render(request, "training/home.html", {
        "overview": overview,
        "sessions": selectors.sessions_invited(request.user).select_related("agency"),
        "newer_version": _newer_version(overview),
    })


def _newer_version(overview):
    current = selectors.current_version()
    if overview.version and current and current.pk != overview.version.pk:
        return current
    return None


@login_required
def course(request, slug):
    require(request.user, "training.learn")
    course = selectors.course_get(slug=slug)
    modules = list(course.modules.filter(is_published=True))
    return render(request, "training/course.html", {
        "course": course, "states": selectors.module_states(request.user, modules),
    })


@login_required
def module(request, course_slug, module_slug):
    require(request.user, "training.learn")
    module = selectors.module_get(course_slug=course_slug, module_slug=module_slug)
    state = selectors.module_states(request.user, [module])[0]
    quiz = selectors.quiz_for(module)
    siblings = list(module.course.modules.filter(is_published=True))
    index = next(i for i, m in enumerate(siblings) if m.pk == module.pk)
    return render(request, "training/module.html", {
        "module": module, "course": module.course, "state": state, "quiz": quiz,
        "body_html": render_markdown(module.body),
        "materials": module.materials.all(),
        "rules": services.quiz_rules_text(quiz) if quiz else "",
        "open_attempt": selectors.open_attempt(user=request.user, quiz=quiz) if quiz else None,
        "attempts": selectors.attempts_for(user=request.user, quiz=quiz) if quiz else [],
        "previous": siblings[index - 1] if index > 0 else None,
        "next": siblings[index + 1] if index + 1 < len(siblings) else None,
    })


@require_POST
@login_required
def module_done(request, course_slug, module_slug):
    require(request.user, "training.learn")
    module = selectors.module_get(course_slug=course_slug, module_slug=module_slug)
    progress = services.module_mark_read(user=request.user, module=module)
    if progress.completed_at:
        messages.success(request, _("Modul selesai. Kemajuan Anda sudah tersimpan."))
    else:
        messages.success(request, _("Tersimpan: modul sudah dibaca. Lanjutkan dengan kuisnya."))
    return redirect("training:module", course_slug=course_slug, module_slug=module_slug)


@require_POST
@login_required
def quiz_start(request, course_slug, module_slug):
    require(request.user, "training.learn")
    module = selectors.module_get(course_slug=course_slug, module_slug=module_slug)
    quiz = selectors.quiz_for(module)
    if quiz is None:
        raise Http404
    try:
        attempt = services.attempt_start(user=request.user, quiz=quiz)
    except services.TrainingError as error:
        messages.error(request, error.message)
        return redirect("training:module", course_slug=course_slug, module_slug=module_slug)
    return redirect("training:attempt", public_id=attempt.public_id)


def _answers_from(post) -> dict[str, list[str]]:
    answers: dict[str, list[str]] = {}
    for key in post:
        if key.startswith("q"):  # "q<question id>"; anything else after the q is rejected by the service
            answers[key[1:]] = post.getlist(key)
    return answers


@never_cache
@login_required
def attempt(request, public_id):
    attempt = selectors.attempt_get(user=request.user, public_id=public_id)
    return _render_attempt(request, attempt)


def _render_attempt(request, attempt, *, chosen=None, error: str = "", status: int = 200):
    questions = selectors.attempt_questions(attempt)
    if chosen is None:
        chosen = {int(k): set(v) for k, v in (attempt.answers or {}).items()}
    rows = []
    for number, (question, choices) in enumerate(questions, start=1):
        picked = chosen.get(question.pk, set())
        rows.append({
            "number": number, "question": question, "picked": picked,
            "right": bool(attempt.submitted_at) and picked == {c.pk for c in choices if c.is_correct},
            "choices": [{"choice": c, "checked": c.pk in picked} for c in choices],
        })
    module = attempt.quiz.module
    return render(request, "training/attempt.html", {
        "attempt": attempt, "quiz": attempt.quiz, "module": module, "course": module.course,
        "rows": rows, "error": error,
    }, status=status)


@require_POST
@login_required
def attempt_submit(request, public_id):
    attempt = selectors.attempt_get(user=request.user, public_id=public_id)
    answers = _answers_from(request.POST)
    try:
        attempt = services.attempt_submit(attempt=attempt, by=request.user, answers=answers)
    except services.AlreadySubmitted as error:
        messages.info(request, error.message)
        return redirect("training:attempt", public_id=attempt.public_id)
    except services.TrainingError as error:
        chosen = {}
        for key, values in answers.items():
            if key.isdigit():
                chosen[int(key)] = {int(v) for v in values if v.isdigit()}
        return _render_attempt(request, attempt, chosen=chosen, error=error.message, status=400)
    if attempt.passed:
        messages.success(request, _("Selamat, Anda lulus dengan nilai %(score)s%%.") % {"score": attempt.score})
    else:
        messages.error(request, _("Nilai Anda %(score)s%%, belum mencapai nilai lulus %(mark)s%%. "
                                  "Baca penjelasan di bawah, lalu coba lagi setelah masa jeda.")
                       % {"score": attempt.score, "mark": attempt.quiz.pass_mark})
    return redirect("training:attempt", public_id=attempt.public_id)


@login_required
def material(request, public_id):
    require(request.user, "training.learn")
    item = get_object_or_404(Material.objects.filter(module__is_published=True), public_id=public_id)
    from django.http import FileResponse

    return FileResponse(item.file.open("rb"), as_attachment=True, filename=item.file.name.rsplit("/", 1)[-1])


# --- certificates --------------------------------------------------------------------------------


def certificate_verify(request, public_id):
    certificate = selectors.certificate_public(public_id=public_id)
    courses = certificate.version.courses.order_by("order")
    response = render(request, "training/certificate_verify.html", {
        "certificate": certificate, "courses": courses,
    })
    response["X-Robots-Tag"] = "noindex"
    return response


@login_required
def certificate_pdf(request, public_id):
    from tangkal.training.pdf import render_certificate_pdf

    certificate = selectors.certificate_for_download(user=request.user, public_id=public_id)
    response = HttpResponse(render_certificate_pdf(certificate), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="sertifikat-tangkal-{certificate.public_id}.pdf"'
    return response


# --- onboarding sessions -------------------------------------------------------------------------


@login_required
def sessions(request):
    sessions_ = selectors.sessions_for(request.user)[:200]
    fmt = requested_format(request)
    if fmt:
        return export_response(
            rows=([s.title, s.get_mode_display(), s.starts_at, s.ends_at, s.venue, str(s.agency)] for s in sessions_),
            headers=[_("Judul"), _("Bentuk"), _("Mulai"), _("Selesai"), _("Tempat"), _("Instansi")],
            stem="sesi-orientasi", fmt=fmt)
    return render(request, "training/sessions.html", {"sessions": sessions_})


@login_required
def session_create(request):
    require(request.user, "training.sessions")
    form = SessionForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            session = services.session_create(
                by=request.user, agency=data.get("agency") or request.user.agency, title=data["title"],
                mode=data["mode"], starts_at=data["starts_at"], ends_at=data["ends_at"], venue=data["venue"],
                online_url=data["online_url"], notes=data["notes"], cohort=data.get("cohort"),
            )
        except services.TrainingError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Sesi dibuat. Kirim undangan kepada peserta dari halaman ini."))
            return redirect("training:session_detail", public_id=session.public_id)
    return render(request, "training/session_form.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def session_detail(request, public_id):
    session = selectors.session_get(user=request.user, public_id=public_id)
    invited = {i.user_id: i for i in Invitation.objects.filter(session=session)}
    attended = {a.user_id: a for a in Attendance.objects.filter(session=session)}
    people = list(services.session_invitees(session))
    extra = get_user_model().objects.filter(pk__in=set(invited) - {p.pk for p in people})
    rows = [{"user": p, "invitation": invited.get(p.pk), "attendance": attended.get(p.pk)}
            for p in [*people, *extra]]
    fmt = requested_format(request)
    if fmt:
        return export_response(
            rows=([str(r["user"]), r["user"].email, bool(r["invitation"]),
                   r["attendance"].created_at if r["attendance"] else None,
                   r["attendance"].get_method_display() if r["attendance"] else ""] for r in rows),
            headers=[_("Nama"), _("Email"), _("Diundang"), _("Hadir"), _("Cara")],
            stem=f"kehadiran-{session.title}", fmt=fmt)
    return render(request, "training/session_detail.html", {
        "session": session, "rows": rows, "attended_count": len(attended), "invited_count": len(invited),
    })


@require_POST
@login_required
def session_invite(request, public_id):
    session = selectors.session_get(user=request.user, public_id=public_id)
    require(request.user, "training.session_manage", session)
    count = services.session_invite(session=session, by=request.user)
    if count:
        messages.success(request, _("%(count)s undangan baru dikirim lewat email.") % {"count": count})
    else:
        messages.info(request, _("Semua peserta sudah diundang; tidak ada undangan baru."))
    return redirect("training:session_detail", public_id=session.public_id)


@require_POST
@login_required
def session_attendance(request, public_id):
    session = selectors.session_get(user=request.user, public_id=public_id)
    require(request.user, "training.session_manage", session)
    user_id = request.POST.get("user", "")
    person = get_user_model().objects.filter(pk=int(user_id)).first() if user_id.isdigit() else None
    if person is None:
        messages.error(request, _("Pilih peserta yang akan dicatat kehadirannya."))
        return redirect("training:session_detail", public_id=session.public_id)
    try:
        services.attendance_record(session=session, user=person, by=request.user,
                                   present=request.POST.get("present", "1") == "1")
    except services.TrainingError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Kehadiran %(name)s diperbarui.") % {"name": person})
    return redirect("training:session_detail", public_id=session.public_id)


@never_cache
@login_required
def session_qr(request, public_id):
    """The code shown on the venue screen; the page reloads itself (htmx) before the token expires."""
    session = selectors.session_get(user=request.user, public_id=public_id)
    require(request.user, "training.session_manage", session)
    token = services.attendance_token(session)
    url = request.build_absolute_uri(reverse("training:checkin", kwargs={"token": token}))
    context = {
        "session": session, "url": url, "qr": segno.make(url, error="m").svg_data_uri(scale=6, border=2),
        "refresh_seconds": max(10, services.qr_token_max_age() // 2),
    }
    template = "training/partials/session_qr_code.html" if request.headers.get("HX-Request") else "training/session_qr.html"
    return render(request, template, context)


@never_cache
@login_required
def checkin(request, token):
    require(request.user, "training.checkin")
    try:
        session = services.session_from_token(token)
    except services.TrainingError as error:
        return render(request, "training/checkin.html", {"error": error.message}, status=400)
    if request.method == "POST":
        try:
            _attendance, created = services.attendance_checkin(token=token, user=request.user)
        except services.TrainingError as error:
            return render(request, "training/checkin.html", {"error": error.message, "session": session}, status=400)
        if created:
            messages.success(request, _("Kehadiran Anda di “%(title)s” tercatat.") % {"title": session.title})
        else:
            messages.info(request, _("Kehadiran Anda di sesi ini sudah tercatat sebelumnya."))
        return redirect("training:home")
    return render(request, "training/checkin.html", {"session": session, "token": token})


# --- coordinators' view of progress --------------------------------------------------------------


@login_required
def progress(request):
    rows = selectors.agency_progress(request.user)
    fmt = requested_format(request)
    if fmt:
        return export_response(
            rows=([r.name, r.email, r.agency, r.done, r.total, r.completed_at] for r in rows),
            headers=[_("Nama"), _("Email"), _("Instansi"), _("Modul tuntas"), _("Jumlah modul"), _("Lulus")],
            stem="kemajuan-pelatihan", fmt=fmt)
    return render(request, "training/progress.html", {
        "rows": rows, "summary": selectors.progress_summary(rows), "version": selectors.current_version(),
    })
