"""Requests from a person on the demo: access returns every place the address occurs, and
after erasure a search of the whole database finds it nowhere."""

from __future__ import annotations

import io
import json
import zipfile

from sqlalchemy import select

from surveyapp.coordinate.operations import send_invitations
from surveyapp.extensions import db
from surveyapp.models import AuditEvent, Contact, Invitation, Response, ResponseStatus, Wave
from surveyapp.privacy.requests import access_zip, erase, find_person
from tests.conftest import csrf_from


def places(email: str) -> set[tuple[str, object]]:
    """Every (table, row) of the whole database whose any column mentions the address."""
    found = set()
    with db.engine.connect() as conn:
        for table in db.metadata.sorted_tables:
            key = next(iter(table.primary_key.columns)).name
            for row in conn.execute(table.select()).mappings():
                for value in row.values():
                    if isinstance(value, bytes):
                        value = value.decode("latin-1")
                    elif not isinstance(value, str):
                        value = json.dumps(value, default=str)
                    if email in value.lower():
                        found.add((table.name, row[key]))
                        break
    return found


def _respondent(session) -> Contact:
    """A demo contact who answered the final evaluation and is invited to the open wave,
    with the open wave's invitations queued (so mails hold the address)."""
    final = session.scalar(select(Wave).where(Wave.slug == "eind-2020-bevoegde-overheden"))
    open_wave = session.scalar(select(Wave).where(Wave.slug == "vervolg-2026-bevoegde-overheden"))
    send_invitations(open_wave)
    contact = session.scalars(
        select(Contact)
        .join(Invitation, Invitation.contact_id == Contact.id)
        .join(Response, Response.invitation_id == Invitation.id)
        .where(Response.wave_id == final.id, Response.status == ResponseStatus.SUBMITTED)
    ).first()
    session.add(AuditEvent(actor=contact.email, action="login.failed"))
    session.commit()
    return contact


def test_access_returns_every_place_the_address_occurs(demo, session):
    contact = _respondent(session)
    where = places(contact.email)
    assert {t for t, _ in where} >= {"contact", "outbox_message", "audit_event"}
    body = access_zip(find_person(contact.email.upper()))
    archive = zipfile.ZipFile(io.BytesIO(body))
    data = json.loads(archive.read("gegevens.json"))
    listed = {
        (part["table"], part["id"])
        for section in ("contacts", "invitations", "mails", "answers", "audit_log")
        for part in data[section]
    }
    assert where <= listed, where - listed
    assert {f"mails/{m['id']}.eml" for m in data["mails"]} <= set(archive.namelist())
    eml = archive.read(f"mails/{data['mails'][0]['id']}.eml").decode()
    assert contact.email in eml and "/r/" in eml
    assert data["answers"] and data["answers"][0]["answers"]
    assert "LEESMIJ.txt" in archive.namelist()


def test_after_erasure_the_address_is_nowhere_and_results_keep_the_answers(demo, session):
    contact = _respondent(session)
    email = contact.email
    final = session.scalar(select(Wave).where(Wave.slug == "eind-2020-bevoegde-overheden"))
    kept = select(Response.id).where(
        Response.wave_id == final.id, Response.status == ResponseStatus.SUBMITTED
    )
    submitted = set(session.scalars(kept))
    done = erase(find_person(email), delete_answers=False)
    session.commit()
    assert places(email) == set()
    assert done["contacts"] == 1 and done["mails"] >= 1 and done["links"] >= 1
    assert set(session.scalars(kept)) == submitted
    entry = session.scalar(select(AuditEvent).where(AuditEvent.action == "privacy.erasure"))
    assert email not in json.dumps(entry.detail) and entry.detail["contacts"] == 1
    assert not find_person(email).found  # erasing twice: nothing left to erase


def test_erasure_can_delete_the_persons_own_answers(demo, session):
    contact = _respondent(session)
    own = session.scalar(
        select(Response.id)
        .join(Invitation)
        .where(Invitation.contact_id == contact.id, Response.status == ResponseStatus.SUBMITTED)
    )
    done = erase(find_person(contact.email), delete_answers=True)
    session.commit()
    assert done["answers_deleted"] >= 1 and session.get(Response, own) is None


def test_the_admin_erasure_flow_in_dutch(demo, client, login_as, session):
    contact = _respondent(session)
    email, name = contact.email, contact.name
    login_as("admin")
    page = client.get("/admin/privacy/").get_data(as_text=True)
    unknown = client.post(
        "/admin/privacy/verwijderen",
        data={"csrf_token": csrf_from(page), "email": "niemand@nergens.nl", "answers": "keep"},
    )
    assert unknown.status_code == 422
    assert "Bij dit e-mailadres is niets opgeslagen" in unknown.get_data(as_text=True)
    check = client.post(
        "/admin/privacy/verwijderen",
        data={"csrf_token": csrf_from(page), "email": email, "answers": "keep"},
    )
    html = check.get_data(as_text=True)
    assert check.status_code == 200 and name in html and "Definitief verwijderen" in html
    assert session.get(Contact, contact.id) is not None  # the screen removed nothing
    done = client.post(
        "/admin/privacy/verwijderen/bevestigen",
        data={"csrf_token": csrf_from(html), "email": email, "answers": "keep"},
    )
    assert "De persoon is verwijderd" in done.get_data(as_text=True)
    again = client.post(
        "/admin/privacy/verwijderen/bevestigen",
        data={"csrf_token": csrf_from(html), "email": email, "answers": "keep"},
        follow_redirects=True,
    )
    assert "Er is niets verwijderd" in again.get_data(as_text=True)
    session.expire_all()
    assert places(email) == set()


def test_an_access_download_through_the_page(demo, client, login_as, session):
    contact = _respondent(session)
    login_as("admin")
    page = client.get("/admin/privacy/").get_data(as_text=True)
    response = client.post(
        "/admin/privacy/inzage", data={"csrf_token": csrf_from(page), "inzage-email": contact.email}
    )
    assert response.status_code == 200 and response.mimetype == "application/zip"
    entry = session.scalar(select(AuditEvent).where(AuditEvent.action == "privacy.access"))
    assert contact.email not in json.dumps(entry.detail)
