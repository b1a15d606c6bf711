"""The audit trail: one helper every area's operations use to record who did what."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from surveyapp.extensions import db
from surveyapp.models import AuditEvent, utcnow

# What each recorded action means, for the log page.
ACTION_LABELS = {
    "login": "ingelogd",
    "login.failed": "mislukte inlogpoging",
    "logout": "uitgelogd",
    "staff_user.create": "account aangemaakt",
    "staff_user.activate": "account geactiveerd",
    "staff_user.deactivate": "account gedeactiveerd",
    "organisation.save": "organisatie opgeslagen",
    "organisation.activate": "organisatie geactiveerd",
    "organisation.deactivate": "organisatie gedeactiveerd",
    "contact.save": "contactpersoon opgeslagen",
    "contact.activate": "contactpersoon geactiveerd",
    "contact.deactivate": "contactpersoon gedeactiveerd",
    "contacts.import": "contactpersonen geïmporteerd",
    "wave.create": "uitvraag aangemaakt",
    "dashboard.create": "dashboard aangemaakt",
    "dashboard.import": "dashboard geïmporteerd",
    "dashboard.edit": "dashboardartikel gewijzigd",
    "monitoring.import": "monitoringopgaven geïmporteerd",
    "monitoring.import.undo": "import van monitoringopgaven ongedaan gemaakt",
    "wave.open": "uitvraag geopend",
    "wave.close": "uitvraag gesloten",
    "wave.extend": "uitvraag verlengd",
    "wave.invitations_added": "contactpersonen aan uitvraag toegevoegd",
    "wave.invitations_queued": "uitnodigingen klaargezet",
    "wave.reminders_queued": "herinneringen klaargezet",
    "mail.sent": "e-mails verstuurd",
    "wave.reminder_settings": "instellingen herinneringen gewijzigd",
    "wave.mail_texts": "e-mailteksten gewijzigd",
    "results.import": "eerdere ronde geïmporteerd",
    "results.interview": "interview ingevoerd",
    "api_token.create": "API-sleutel aangemaakt",
    "api_token.revoke": "API-sleutel ingetrokken",
    "api_token.use": "API-sleutel gebruikt",
    "privacy.purge": "persoonsgegevens verwijderd volgens bewaartermijn",
    "privacy.audit": "e-mailadressen uit oude logboekregels verwijderd",
    "privacy.access": "inzageverzoek beantwoord",
    "privacy.erasure": "persoon verwijderd op verzoek",
    "wave.privacy": "privacytekst gewijzigd",
    "wave.retention": "bewaartermijn gewijzigd",
}
FAILED_LOGINS_PER_ADDRESS = 5  # per 10 minutes: a flood cannot fill the log
FAILED_LOGINS_PER_HOUR = 200


# What an audited object is called on the log page, and which attribute names it. People
# (contacts, respondents) are never named here: the log keeps their kind and number only.
OBJECT_LABELS = {
    "Wave": ("uitvraag", "name"),
    "SurveyVersion": ("vragenlijst", "title"),
    "Organisation": ("organisatie", "name"),
    "StaffUser": ("account", "email"),
    "DashboardRound": ("dashboard", "name"),
    "Contact": ("contactpersoon", None),
    "Invitation": ("uitnodiging", None),
    "Response": ("antwoord", None),
}


# Counts an entry carries, as the log page words them ("82 verstuurd").
DETAIL_LABELS = {
    "count": "aantal",
    "sent": "verstuurd",
    "failed": "mislukt",
    "reminders_queued": "herinneringen klaargezet",
    "added": "toegevoegd",
    "updated": "bijgewerkt",
    "invitations": "uitnodigingen verwijderd",
    "mails": "e-mails verwijderd",
    "links": "koppelingen aan personen verwijderd",
    "drafts": "onafgemaakte antwoorden verwijderd",
    "contacts": "contactpersonen verwijderd",
    "answers_deleted": "antwoorden verwijderd",
    "log_entries": "logboekregels opgeschoond",
    "removed": "verwijderd",
    "months": "maanden",
    "records": "onderdelen geleverd",
}


def detail_text(detail: dict | None) -> str:
    """The counts of an entry in Dutch, e.g. "82 verstuurd, 0 mislukt"; "" when there are none."""
    parts = [
        f"{label} {detail[key]}" if key == "count" else f"{detail[key]} {label}"
        for key, label in DETAIL_LABELS.items()
        if isinstance((detail or {}).get(key), int)
    ]
    return ", ".join(parts)


def object_text(object_type: str | None, object_id: int | None, detail: dict | None) -> str:
    """ "uitvraag Eindevaluatie 2020" for the log page; older entries by kind and number."""
    if object_type is None:
        return ""
    label = OBJECT_LABELS.get(object_type, (object_type, None))[0]
    name = (detail or {}).get("object_name")
    return f"{label} {name}" if name else f"{label} {object_id or ''}".strip()


def audit(actor, action: str, obj=None, **detail) -> None:
    """Record an action by a staff user; `actor=None` means the command line."""
    attribute = OBJECT_LABELS.get(type(obj).__name__, (None, None))[1] if obj is not None else None
    if attribute and getattr(obj, attribute, None):
        detail = {"object_name": str(getattr(obj, attribute))[:200], **detail}
    db.session.add(
        AuditEvent(
            actor_id=actor.id if actor else None,
            actor=actor.email if actor else "cli",
            action=action,
            object_type=type(obj).__name__ if obj is not None else None,
            object_id=getattr(obj, "id", None),
            detail=detail or None,
        )
    )


def record_failed_login(email: str) -> None:
    """Note a failed login (the address tried, never the password), within limits."""
    now = utcnow()
    email = email.strip().lower()[:254]

    def recent(since, *where) -> int:
        return db.session.scalar(
            select(func.count(AuditEvent.id)).where(
                AuditEvent.action == "login.failed", AuditEvent.at >= since, *where
            )
        )

    if recent(now - timedelta(minutes=10), AuditEvent.actor == email) >= FAILED_LOGINS_PER_ADDRESS:
        return
    if recent(now - timedelta(hours=1)) >= FAILED_LOGINS_PER_HOUR:
        return
    db.session.add(AuditEvent(actor=email, action="login.failed"))
