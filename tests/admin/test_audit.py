"""The audit log reads in Dutch, shows Dutch local time, records failed logins and filters."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from analysis.format import nl_datetime
from surveyapp.models import AuditEvent
from tests.conftest import csrf_from


def test_failed_logins_are_recorded_without_the_password_and_within_limits(client, session):
    for _ in range(8):
        token = csrf_from(client.get("/login").get_data(as_text=True))
        client.post(
            "/login", data={"csrf_token": token, "email": "Gast@Example.nl", "password": "geheim!"}
        )
    events = session.scalars(select(AuditEvent).where(AuditEvent.action == "login.failed")).all()
    # Before: failed logins were not recorded at all.
    assert len(events) == 5  # at most 5 per address per 10 minutes
    assert {e.actor for e in events} == {"gast@example.nl"}
    assert not any("geheim" in str(e.detail) for e in events)


def test_the_log_is_dutch_local_and_filterable(client, login_as, session):
    admin = login_as("admin")
    event = session.scalars(select(AuditEvent).where(AuditEvent.action == "login")).one()
    html = client.get("/admin/audit").get_data(as_text=True)
    # Before: "Tijdstip (UTC)" above local times, and English codes such as "login".
    assert "Tijdstip (Nederlandse tijd)" in html and nl_datetime(event.at) in html
    assert "<td>ingelogd</td>" in html
    assert admin.email in client.get(f"/admin/audit?wie={admin.email[:6]}").get_data(as_text=True)
    none = client.get("/admin/audit?actie=wave.open").get_data(as_text=True)
    assert "Geen gebeurtenissen gevonden." in none
    future = date.today().replace(year=date.today().year + 1).isoformat()
    assert "Geen gebeurtenissen gevonden." in client.get(f"/admin/audit?van={future}").get_data(
        as_text=True
    )
    assert client.get("/admin/audit?van=gisteren").status_code == 200  # a bad date is ignored
    assert session.scalar(select(func.count(AuditEvent.id))) >= 1


def test_new_accounts_default_to_the_least_privileged_role(client, login_as):
    login_as("admin")
    html = client.get("/admin/users").get_data(as_text=True)
    # Before: "Beheerder" was preselected.
    assert '<option selected value="evaluator">' in html or 'value="evaluator" selected' in html


def test_the_log_names_waves_and_accounts_but_never_people(client, login_as, session):
    """Before: "Wave 14" and "StaffUser 4" instead of names."""
    from surveyapp.audit import audit
    from tests import factories as f

    admin = login_as("admin")
    wave = f.WaveFactory(name="Eindevaluatie 2020")
    contact = f.ContactFactory(name="Anna de Vries")
    audit(admin, "wave.open", wave)
    audit(admin, "contact.edit", contact)
    session.commit()
    html = client.get("/admin/audit").get_data(as_text=True)
    assert "<td>uitvraag Eindevaluatie 2020</td>" in html
    assert f"<td>contactpersoon {contact.id}</td>" in html and "Anna de Vries" not in html
    assert "Wave " not in html
