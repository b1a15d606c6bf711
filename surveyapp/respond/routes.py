"""Respondent pages: the personal link, one page per section, review, submit, thanks."""

from __future__ import annotations

from flask import abort, current_app, g, redirect, render_template, request, session, url_for
from flask_wtf.csrf import generate_csrf

from surveyapp.anonymity import release_pending
from surveyapp.definitions import get_type
from surveyapp.definitions.checks import total
from surveyapp.errors import IllegalTransition
from surveyapp.extensions import db, limiter
from surveyapp.privacy.notice import public_per_organisation
from surveyapp.respond import bp, queries
from surveyapp.respond import operations as ops

SESSION_KEY = "respondent_invitation"


@bp.after_request
def no_referrer(response):
    """The personal link must never leak to another site through the Referer header."""
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@bp.route("/r/<token>")
@limiter.limit(
    lambda: current_app.config["TOKEN_GUESS_LIMIT"],
    deduct_when=lambda response: response.status_code in (400, 404),
)
def enter(token: str):
    """Swap the token for a session and redirect to a URL without it."""
    if not queries.TOKEN_SHAPE.fullmatch(token):  # a NUL, a space, a pasted fragment: refused early
        return render_template("respond/invalid.html"), 400
    invitation = queries.find_invitation(token)
    if invitation is None:
        return render_template("respond/invalid.html"), 404
    session[SESSION_KEY] = invitation.id
    session.permanent = True
    generate_csrf()  # in the session from the first response on, so no later cookie lacks it
    invitation.mark_opened()
    return redirect(url_for("respond.welcome"))


@bp.before_request
def load_respondent():
    """Every page but the link itself needs the session's invitation and an open wave."""
    if request.endpoint in ("respond.enter", None):
        return None
    invitation_id = session.get(SESSION_KEY)
    invitation = queries.load_invitation(invitation_id) if invitation_id else None
    if invitation is None or not invitation.active:
        return render_template("respond/invalid.html"), 404
    g.invitation = invitation
    g.survey = queries.survey_for(invitation)
    g.response = queries.get_response(invitation)
    g.anonymous_done = queries.submitted_anonymously(invitation, g.response)
    if g.anonymous_done and request.endpoint != "respond.thanks":
        return redirect(url_for("respond.thanks"))
    if not invitation.wave.accepts_answers() and request.endpoint != "respond.thanks":
        return render_template("respond/closed.html", wave=invitation.wave, response=g.response)
    return None


def _page_numbers(stored, shown: dict[str, bool] | None = None) -> list[int]:
    """1-based numbers of the sections with at least one visible question."""
    shown = shown if shown is not None else queries.visible(g.survey, stored)
    return queries.page_numbers(g.survey, shown)


def _previous_totals(previous) -> dict[str, int | float | None]:
    """Per question that a check compares with the previous return, that return's total (of
    the check's column): shown beside the new total, so the respondent sees both while typing."""
    if previous is None:
        return {}
    out = {}
    for check in g.survey.checks:
        q = g.survey.question(check.question)
        if check.equals == "previous" and q is not None:
            out[q.key] = total(q, previous.answers.get(q.key, {}), check.column)
    return out


def _render_section(
    number: int, stored, values, errors, status=200, conflict=None, prefilled_from=None,
    previous=None,
):  # fmt: skip
    shown = queries.visible(g.survey, stored)
    pages = _page_numbers(stored, shown)
    return (
        render_template(
            "respond/section.html",
            section=g.survey.sections[number - 1],
            number=number,
            position=pages.index(number) + 1 if number in pages else number,
            total=len(pages),
            values=values,
            errors=errors,
            shown=shown,
            version=g.response.version if g.response is not None else 0,
            conflict=conflict,
            stored=stored,
            get_type=get_type,
            prefilled_from=prefilled_from,
            previous_totals=_previous_totals(previous),
            previous_name=previous.wave_name if previous is not None else "",
        ),
        status,
    )


@bp.route("/r/")
def welcome():
    """Who the survey is for, how long it takes, and where to start or resume."""
    stored = queries.stored_answers(g.response)
    return render_template(
        "respond/welcome.html",
        first_page=_resume_page(stored),
        started=bool(stored),
        public_per_organisation=public_per_organisation(g.invitation.wave),
        min_n=current_app.config["RESULTS_MIN_N"],
    )


def _resume_page(stored) -> int | None:
    """Where "Verder met invullen" goes: the first page up to the last one saved that still
    misses a required answer, else the page after the last one saved; None means all pages
    are done (then: the overview)."""
    shown = queries.visible(g.survey, stored)
    pages = _page_numbers(stored, shown)
    questions = {n: [q for q in g.survey.sections[n - 1].questions if shown[q.key]] for n in pages}
    saved = [n for n in pages if any(q.key in stored for q in questions[n])]
    if not saved:
        return pages[0] if pages else 1
    for n in pages:
        if n <= saved[-1] and queries.missing_required(g.survey, stored, questions[n]):
            return n
    return next((n for n in pages if n > saved[-1]), None)


@bp.route("/r/p/<int:number>", methods=["GET", "POST"])
def section(number: int):
    """One page of questions: shown with the saved answers, or saved (and checked) on POST."""
    if not 1 <= number <= len(g.survey.sections):
        abort(404)
    if g.response is not None and not g.response.editable:
        return redirect(url_for("respond.thanks"))
    stored = queries.stored_answers(g.response)
    section = g.survey.sections[number - 1]
    if request.method == "GET":
        previous = queries.previous_return(g.invitation, g.survey)
        values = queries.prefilled_values(g.survey, section, stored, previous)
        prefilled = bool(values)
        for q in section.questions:
            values.update(get_type(q.type).form_values(q, stored.get(q.key, {})))
        return _render_section(
            number, stored, values, {}, prefilled_from=previous.wave_name if prefilled else None,
            previous=previous,
        )  # fmt: skip
    return _save_section(number, section, stored)


def _save_section(number: int, section, stored):
    """Read the posted page; save it unless it has errors or was saved elsewhere meanwhile."""
    action = request.form.get("action", "next")
    submitted = g.response is not None and g.response.submitted
    try:
        require = action == "next" or submitted
        previous = queries.previous_return(g.invitation, g.survey) if require else None
        result = ops.read_page(
            g.survey, section, request.form, stored, require=require, previous=previous
        )
    except ops.TamperedForm:
        return render_template("respond/rejected.html", number=number), 400
    if result.errors:
        return _render_section(
            number, stored, result.form_values, result.errors, 422, previous=previous
        )
    seen = request.form.get("version", type=int)
    try:
        after = ops.save_page(g.invitation, g.survey, section, result.parsed, seen, stored)
    except ops.AlreadySubmitted:  # another tab sent the answers anonymously a moment ago
        db.session.rollback()
        return redirect(url_for("respond.thanks"))
    except ops.SavedElsewhere:  # nothing written: show theirs, keep ours in the form
        db.session.rollback()
        g.response = queries.get_response(g.invitation)
        stored = queries.stored_answers(g.response)
        return _render_section(number, stored, result.form_values, {}, 409, conflict=True)
    return redirect(_after_save(number, action, after))


def _after_save(number: int, action: str, stored) -> str:
    if action == "save":
        return url_for("respond.saved")
    pages = _page_numbers(stored)
    if action == "prev":
        earlier = [p for p in pages if p < number]
        return (
            url_for("respond.section", number=earlier[-1])
            if earlier
            else url_for("respond.welcome")
        )
    later = [p for p in pages if p > number]
    return url_for("respond.section", number=later[0]) if later else url_for("respond.review")


@bp.route("/r/opgeslagen")
def saved():
    """Confirmation of "Opslaan en later verder"."""
    return render_template("respond/saved.html")


def _review_context(stored):
    shown = queries.visible(g.survey, stored)
    return {"stored": stored, "shown": shown, "get_type": get_type}


def _failed_checks(stored) -> dict[str, str]:
    if not g.survey.checks:
        return {}
    return queries.check_errors(g.survey, stored, queries.previous_return(g.invitation, g.survey))


@bp.route("/r/overzicht")
def review():
    """Every answer on one page, with what is still missing or does not add up."""
    stored = queries.stored_answers(g.response)
    missing = queries.missing_required(g.survey, stored)
    return render_template(
        "respond/review.html", missing=missing, failed=_failed_checks(stored),
        **_review_context(stored),
    )  # fmt: skip


@bp.route("/r/insturen", methods=["POST"])
def submit():
    """Submit once (double clicks and tabs included); anonymous answers are cut loose here."""
    stored = queries.stored_answers(g.response)
    missing = queries.missing_required(g.survey, stored)
    if missing and queries.just_submitted_anonymously(g.invitation):  # another tab won the race
        return redirect(url_for("respond.thanks"))
    failed = _failed_checks(stored)
    if g.response is None or missing or failed:
        return render_template(
            "respond/review.html", missing=missing, failed=failed, attempted=True,
            **_review_context(stored),
        ), 422  # fmt: skip
    try:
        g.response.ensure_editable()
    except IllegalTransition:
        return redirect(url_for("respond.thanks"))
    ops.submit(g.invitation, g.response)
    if g.invitation.wave.anonymous:  # the move to responses never shares this transaction
        db.session.commit()
        release_pending(g.invitation.wave_id, current_app.config["RESULTS_MIN_N"])
    return redirect(url_for("respond.thanks"))


@bp.route("/r/bedankt")
def thanks():
    """The confirmation with a printable copy (or, anonymous, only the thanks)."""
    if g.anonymous_done:
        return render_template("respond/thanks_anonymous.html")
    if g.response is None or not g.response.submitted:
        return redirect(url_for("respond.welcome"))
    stored = queries.stored_answers(g.response)
    return render_template("respond/thanks.html", **_review_context(stored))
