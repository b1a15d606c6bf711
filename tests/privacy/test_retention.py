"""Retention on the demo: `flask privacy purge` removes the personal data of closed waves past
their period, row by row and column by column, and leaves the published results and the
chapter exactly as they were."""

from __future__ import annotations

from sqlalchemy import func, select

from surveyapp.extensions import db
from surveyapp.models import (
    AuditEvent,
    Contact,
    Invitation,
    OutboxMessage,
    Response,
    ResponseStatus,
    Wave,
)
from surveyapp.privacy.retention import due_waves, outlook

FINAL = "eind-2020-bevoegde-overheden"


def _wave(slug: str) -> Wave:
    return db.session.scalar(select(Wave).where(Wave.slug == slug))


def _count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_the_demo_purge_removes_personal_data_and_keeps_results(demo, app, client, login_as):
    login_as("evaluator")
    client.get("/evaluate/")  # the login's flash message is shown here, not below
    wave = _wave(FINAL)
    before_json = client.get(f"/evaluate/waves/{wave.id}/export.json").get_data()
    before_chapter = client.get(f"/evaluate/waves/{wave.id}/hoofdstuk.html").get_data()
    before_monitoring = client.get("/evaluate/monitoring/monitoring-spoedlocaties").get_data()
    due = due_waves()
    assert wave.id in due and _wave("vervolg-2026-bevoegde-overheden").id not in due
    in_due = set(
        db.session.scalars(select(Invitation.contact_id).where(Invitation.wave_id.in_(due)))
    )
    in_kept = set(
        db.session.scalars(select(Invitation.contact_id).where(Invitation.wave_id.not_in(due)))
    )
    all_contacts = set(db.session.scalars(select(Contact.id)))
    expected = outlook(wave)
    assert expected.invitations > 0 and expected.links > 0
    submitted = _count(
        Response, Response.wave_id == wave.id, Response.status == ResponseStatus.SUBMITTED
    )
    stamps = select(Response.id, Response.updated_at).where(
        Response.wave_id == wave.id, Response.status == ResponseStatus.SUBMITTED
    )
    saved_at = dict(db.session.execute(stamps).all())

    result = app.test_cli_runner().invoke(args=["privacy", "purge"])
    assert result.exit_code == 0, result.output
    assert f"{FINAL}: removed {expected.invitations} invitations" in result.output
    db.session.expire_all()

    # Row by row: nothing of the people is left in the wave.
    assert _count(Invitation, Invitation.wave_id == wave.id) == 0
    assert _count(OutboxMessage, OutboxMessage.wave_id == wave.id) == 0
    assert (
        _count(Response, Response.wave_id == wave.id, Response.status == ResponseStatus.DRAFT) == 0
    )
    # Column by column: the answers stay, per organisation, without the person.
    assert dict(db.session.execute(stamps).all()) == saved_at  # a purge is not an edit
    rows = db.session.execute(
        select(
            Response.invitation_id,
            Response.last_saved_by_id,
            Response.organisation_name,
            Response.org_type,
        ).where(Response.wave_id == wave.id)
    ).all()
    assert len(rows) == submitted
    assert {(r.invitation_id, r.last_saved_by_id) for r in rows} == {(None, None)}
    assert all(r.organisation_name and r.org_type for r in rows)
    # Contacts only in purged waves are gone; everyone else stays.
    assert set(db.session.scalars(select(Contact.id))) == all_contacts - (in_due - in_kept)

    wave = _wave(FINAL)
    assert wave.purged_at is not None and wave.purge_summary["invitations"] == expected.invitations
    entry = db.session.scalar(
        select(AuditEvent).where(
            AuditEvent.action == "privacy.purge", AuditEvent.object_id == wave.id
        )
    )
    assert entry.actor == "cli" and "@" not in str(entry.detail)
    assert entry.detail["invitations"] == expected.invitations

    assert client.get(f"/evaluate/waves/{wave.id}/export.json").get_data() == before_json
    after_chapter = client.get(f"/evaluate/waves/{wave.id}/hoofdstuk.html").get_data()
    assert after_chapter == before_chapter
    after_monitoring = client.get("/evaluate/monitoring/monitoring-spoedlocaties").get_data()
    assert after_monitoring == before_monitoring

    again = app.test_cli_runner().invoke(args=["privacy", "purge"])
    assert "No wave is past its retention period." in again.output


def test_a_dry_run_lists_what_is_due_and_removes_nothing(demo, app):
    wave = _wave(FINAL)
    expected = outlook(wave)
    result = app.test_cli_runner().invoke(args=["privacy", "purge", "--dry-run"])
    assert f"{FINAL}: {expected.invitations} invitations" in result.output
    db.session.expire_all()
    assert _wave(FINAL).purged_at is None
    assert _count(Invitation, Invitation.wave_id == wave.id) == expected.invitations
    app.test_cli_runner().invoke(args=["privacy", "purge"])
    again = app.test_cli_runner().invoke(args=["privacy", "purge", "--dry-run"])
    assert again.output.strip() == "No wave is past its retention period."
