"""The record of processing activities (AVG art. 30), made from what the app stores: every
column that holds personal data is named below with its category and whose data it is, and a
test fails when a model gains a column that is in neither list."""

from __future__ import annotations

from flask import current_app
from sqlalchemy import func, select

from analysis.format import nl_date
from surveyapp.extensions import db
from surveyapp.models import StaffRole, StaffUser, Wave
from surveyapp.privacy.retention import months_of, retention_ends

CONTACTS, STAFF, RESPONDENTS = "contactpersonen", "medewerkers", "respondenten"

# (table, column) -> (category of personal data, whose, only in identified waves)
PERSONAL = {
    ("contact", "name"): ("naam", CONTACTS, False),
    ("contact", "email"): ("e-mailadres", CONTACTS, False),
    ("contact", "role"): ("rol in het convenant", CONTACTS, False),
    ("contact", "organisation_id"): ("organisatie (werkgever)", CONTACTS, False),
    ("contact", "created_at"): ("datum van opname", CONTACTS, False),
    ("contact", "active"): ("actief of niet", CONTACTS, False),
    ("invitation", "contact_id"): ("uitgenodigd voor de uitvraag", CONTACTS, False),
    ("invitation", "token"): ("persoonlijke link", CONTACTS, False),
    ("invitation", "created_at"): ("tijden van uitnodigen, openen en invullen", CONTACTS, False),
    ("invitation", "sent_at"): ("tijden van uitnodigen, openen en invullen", CONTACTS, False),
    ("invitation", "opened_at"): ("tijden van uitnodigen, openen en invullen", CONTACTS, False),
    ("invitation", "started_at"): ("tijden van uitnodigen, openen en invullen", CONTACTS, False),
    ("invitation", "completed_at"): ("tijden van uitnodigen, openen en invullen", CONTACTS, False),
    ("invitation", "withdrawn_at"): ("tijden van uitnodigen, openen en invullen", CONTACTS, False),
    ("invitation", "reminder_count"): ("herinneringen", CONTACTS, False),
    ("invitation", "last_reminded_at"): ("herinneringen", CONTACTS, False),
    ("outbox_message", "to_addr"): ("e-mails met persoonlijke link", CONTACTS, False),
    ("outbox_message", "subject"): ("e-mails met persoonlijke link", CONTACTS, False),
    ("outbox_message", "body_text"): ("e-mails met persoonlijke link", CONTACTS, False),
    ("outbox_message", "body_html"): ("e-mails met persoonlijke link", CONTACTS, False),
    ("outbox_message", "sent_at"): ("e-mails met persoonlijke link", CONTACTS, False),
    ("outbox_message", "last_error"): ("e-mails met persoonlijke link", CONTACTS, False),
    ("outbox_message", "message_id"): ("e-mails met persoonlijke link", CONTACTS, False),
    ("response", "invitation_id"): ("antwoorden, gekoppeld aan de persoon", RESPONDENTS, True),
    ("response", "last_saved_by_id"): ("antwoorden, gekoppeld aan de persoon", RESPONDENTS, True),
    ("response", "organisation_name"): ("antwoorden per organisatie", RESPONDENTS, True),
    ("response", "organisation_id"): ("antwoorden per organisatie", RESPONDENTS, True),
    ("answer", "value_text"): ("toelichtingen in eigen woorden", RESPONDENTS, False),
    ("staff_user", "email"): ("e-mailadres", STAFF, False),
    ("staff_user", "name"): ("naam", STAFF, False),
    ("staff_user", "password_hash"): ("wachtwoord (alleen als hash)", STAFF, False),
    ("staff_user", "last_login_at"): ("tijden van inloggen", STAFF, False),
    ("staff_user", "created_at"): ("tijden van inloggen", STAFF, False),
    ("api_token", "name"): ("API-sleutels (alleen als hash)", STAFF, False),
    ("api_token", "digest"): ("API-sleutels (alleen als hash)", STAFF, False),
    ("api_token", "last_used_at"): ("API-sleutels (alleen als hash)", STAFF, False),
    ("audit_event", "actor"): ("e-mailadres in het logboek", STAFF, False),
    ("audit_event", "detail"): ("logboek van handelingen", STAFF, False),
    ("audit_event", "at"): ("logboek van handelingen", STAFF, False),
}
# Columns that hold no personal data (ids, settings, survey texts, counts, anonymous answers).
NOT_PERSONAL = {
    "organisation": {
        "id",
        "name",
        "org_type",
        "code",
        "province",
        "umbrella",
        "active",
        "created_at",
    },
    "staff_user": {"id", "role", "active", "session_generation"},
    "survey_version": {
        "id",
        "slug",
        "version",
        "title",
        "definition",
        "content_hash",
        "created_at",
    },
    "api_token": {"id", "user_id", "created_at", "expires_at", "revoked_at"},
    "audit_event": {"id", "actor_id", "action", "object_type", "object_id"},
    "contact": {"id"},
    "wave": {
        "id",
        "survey_version_id",
        "name",
        "slug",
        "opens_at",
        "closes_at",
        "period",
        "anonymity",
        "response_unit",
        "allow_edit_after_submit",
        "max_reminders",
        "reminder_interval_days",
        "auto_reminders",
        "audience",
        "invitation_subject",
        "invitation_body",
        "reminder_subject",
        "reminder_body",
        "state",
        "opened_at",
        "closed_at",
        "created_at",
        "privacy_text",
        "retention_months",
        "purged_at",
        "purge_summary",
    },
    "dashboard_round": {"id", "name", "year", "wave_id", "created_at"},
    "dashboard_entry": {
        "id",
        "round_id",
        "position",
        "article",
        "summary",
        "status",
        "explanation",
        "grades",
    },
    "invitation": {"id", "wave_id"},
    "pending_submission": {"id", "wave_id", "org_type", "day", "answers"},
    "results_cache": {"wave_id", "stamp", "payload", "computed_at"},
    "outbox_message": {
        "id",
        "kind",
        "wave_id",
        "invitation_id",
        "status",
        "attempts",
        "next_attempt_at",
        "claimed_at",
        "claimed_by",
        "created_at",
    },
    "response": {
        "id",
        "wave_id",
        "version",
        "status",
        "source",
        "org_type",
        "started_at",
        "updated_at",
        "submitted_at",
    },
    "answer": {"id", "response_id", "question_key", "timepoint", "value_num", "dont_know"},
}

HEADER = [
    "Vragenlijst",
    "Uitvraag",
    "Anoniem",
    "Categorieën persoonsgegevens",
    "Betrokkenen",
    "Doel",
    "Grondslag",
    "Bewaartermijn",
    "Verwijderd op",
    "Toegang",
    "Verwerkers",
    "Verwerkingsverantwoordelijke",
]


def categories(anonymous: bool) -> tuple[list[str], list[str]]:
    """The categories of data and of people a wave of this kind holds (from PERSONAL)."""
    found = [v for v in PERSONAL.values() if v[1] != STAFF and not (anonymous and v[2])]
    data = list(dict.fromkeys(category for category, _who, _ in found))
    people = list(dict.fromkeys(who for _c, who, _ in found))
    return data, people


def access() -> str:
    """Who can see the data: roles with their number of active accounts."""
    counts = dict(
        db.session.execute(
            select(StaffUser.role, func.count())
            .where(StaffUser.active.is_(True))
            .group_by(StaffUser.role)
        ).all()
    )
    return "; ".join(f"{r.label} ({counts.get(r, 0)})" for r in StaffRole)


def processors() -> str:
    cfg = current_app.config
    mail = (
        f"e-mail via {cfg['MAIL_SERVER']}"
        if cfg.get("MAIL_SERVER")
        else ("geen e-maildienst (mails als bestanden)")
    )
    return f"{mail}; hosting: {cfg['PRIVACY_HOSTING']}"


def record_rows() -> list[list[str]]:
    """One row per wave, grouped by survey: the art. 30 record as the app holds it now."""
    cfg = current_app.config
    who_has_access, used = access(), processors()
    rows = []
    waves = db.session.scalars(select(Wave).order_by(Wave.survey_version_id, Wave.id)).all()
    for wave in waves:
        data, people = categories(wave.anonymous)
        ends = retention_ends(wave)
        term = f"{months_of(wave)} maanden na sluiting" + (
            f" (tot {nl_date(ends)})" if ends else ""
        )
        rows.append(
            [
                wave.survey_version.title,
                wave.name,
                "ja" if wave.anonymous else "nee",
                ", ".join(data),
                ", ".join(people),
                f"{cfg['PRIVACY_PURPOSE']} ({wave.name})",
                cfg["PRIVACY_LEGAL_GROUND"],
                term,
                nl_date(wave.purged_at) if wave.purged_at else "",
                who_has_access,
                used,
                cfg["PRIVACY_CONTROLLER"],
            ]
        )
    return rows


def record_markdown(rows: list[list[str]]) -> str:
    """The record as Markdown an authority can paste into its register."""
    lines = ["# Register van verwerkingen (AVG artikel 30): surveyapp", ""]
    for row in rows:
        lines += [f"## {row[1]} ({row[0]})", ""]
        lines += [
            f"- **{name}:** {value or '–'}" for name, value in zip(HEADER[2:], row[2:], strict=True)
        ]
        lines.append("")
    return "\n".join(lines)
