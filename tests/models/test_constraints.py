"""The database itself enforces uniqueness and integrity, on SQLite and PostgreSQL alike."""

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError, StatementError

from surveyapp.errors import IllegalTransition, ImmutableError, InvalidInput
from surveyapp.models import (
    Answer,
    Contact,
    Invitation,
    Organisation,
    OrgType,
    Response,
    ResponseStatus,
    StaffUser,
    SurveyVersion,
    utcnow,
)
from surveyapp.models.response import TOKEN_BYTES
from tests import factories as f


def test_organisation_names_unique_but_types_may_share_a_place(session):
    session.add(Organisation(name="Provincie Utrecht", org_type=OrgType.PROVINCIE))
    session.add(Organisation(name="Gemeente Utrecht", org_type=OrgType.GEMEENTE))
    session.flush()
    session.add(Organisation(name="Gemeente Utrecht", org_type=OrgType.GEMEENTE))
    with pytest.raises(IntegrityError):
        session.flush()


def test_contact_email_unique_case_insensitively(session):
    org = f.OrganisationFactory()
    session.add(Contact(name="A", email="Jan@Example.nl ", organisation=org, role="overig"))
    session.flush()
    assert session.query(Contact).one().email == "jan@example.nl"
    session.add(Contact(name="B", email="JAN@example.NL", organisation=org, role="overig"))
    with pytest.raises(IntegrityError):
        session.flush()


def test_org_type_check_constraint_rejects_unknown_values(session):
    with pytest.raises(StatementError, match="not among the defined enum values"):
        session.add(Organisation(name="X", org_type="ministerie"))
        session.flush()
    session.rollback()
    # The database refuses it too, for writers that bypass the ORM.
    with pytest.raises(IntegrityError):
        session.execute(
            text(
                "INSERT INTO organisation (name, org_type, active, created_at) "
                "VALUES ('X', 'ministerie', true, CURRENT_TIMESTAMP)"
            )
        )


def test_tokens_are_long_random_and_unique(session):
    invitations = [f.InvitationFactory() for _ in range(20)]
    tokens = {i.token for i in invitations}
    assert len(tokens) == 20
    assert all(len(t) >= 32 for t in tokens)
    assert TOKEN_BYTES * 8 >= 128
    clash = f.InvitationFactory.build(wave=invitations[0].wave, contact=f.ContactFactory())
    clash.token = invitations[0].token
    session.add(clash)
    with pytest.raises(IntegrityError):
        session.flush()


def test_one_invitation_per_contact_per_wave(session):
    inv = f.InvitationFactory()
    session.add(Invitation(wave=inv.wave, contact=inv.contact))
    with pytest.raises(IntegrityError):
        session.flush()


def test_one_response_per_invitation(session):
    response = f.ResponseFactory()
    session.add(Response(wave=response.wave, invitation=response.invitation))
    with pytest.raises(IntegrityError):
        session.flush()


def test_responses_without_invitation_may_coexist(session):
    wave = f.WaveFactory()
    session.add_all([Response(wave=wave), Response(wave=wave)])
    session.flush()
    assert session.query(Response).count() == 2


def test_one_answer_per_question_and_timepoint(session):
    response = f.ResponseFactory()
    session.add_all(
        [
            Answer(response=response, question_key="q1", timepoint="start", value_num=6),
            Answer(response=response, question_key="q1", timepoint="nu", value_num=7),
            Answer(response=response, question_key="q2", value_num=5),
        ]
    )
    session.flush()
    session.add(Answer(response=response, question_key="q2", value_num=8))
    with pytest.raises(IntegrityError):
        session.flush()


def test_foreign_keys_are_enforced(session):
    session.add(Contact(name="Wees", email="wees@example.nl", organisation_id=9999, role="overig"))
    with pytest.raises(IntegrityError):
        session.flush()


def test_submit_snapshots_organisation_and_is_idempotent(session):
    response = f.ResponseFactory()
    assert response.submit(OrgType.PROVINCIE, "Provincie Zeeland") is True
    first = response.submitted_at
    assert response.submit(OrgType.GEMEENTE, "Gemeente Emmen") is False
    assert (response.org_type, response.organisation_name) == (
        OrgType.PROVINCIE,
        "Provincie Zeeland",
    )
    assert response.submitted_at == first
    assert response.status is ResponseStatus.SUBMITTED


def test_editable_only_while_wave_open_and_allowed(session):
    response = f.ResponseFactory()
    assert not response.editable  # the wave is still a draft
    response.wave.open()
    assert response.editable
    response.submit(OrgType.GEMEENTE, "Gemeente Ede")
    assert response.editable  # changes after submitting are allowed by default
    response.wave.allow_edit_after_submit = False
    with pytest.raises(IllegalTransition, match="na inzenden"):
        response.ensure_editable()
    response.wave.allow_edit_after_submit = True
    response.wave.close()
    with pytest.raises(IllegalTransition, match="gesloten"):
        response.ensure_editable()


def test_submit_statement_matches_only_drafts(session):
    response = f.ResponseFactory()
    session.flush()
    stmt = Response.submit_statement(response.id, OrgType.PROVINCIE, "Provincie Zeeland", utcnow())
    assert session.execute(stmt).rowcount == 1
    assert session.execute(stmt).rowcount == 0
    session.refresh(response)
    assert response.status is ResponseStatus.SUBMITTED
    assert response.organisation_name == "Provincie Zeeland"


def test_survey_version_is_frozen_once_a_wave_uses_it(session):
    version = f.SurveyVersionFactory()
    version.title = "Nog vrij te wijzigen"
    version.definition = {**version.definition, "title": "Aangepast"}
    session.flush()  # no wave yet: allowed
    f.WaveFactory(survey_version=version)
    session.flush()
    version.definition = {**version.definition, "title": "Te laat"}
    with pytest.raises(ImmutableError, match="nieuwe versie"):
        session.flush()
    session.rollback()


def test_survey_version_hash_ignores_key_order():
    a = SurveyVersion.build("x", 1, {"title": "T", "sections": []})
    b = SurveyVersion.build("x", 1, {"sections": [], "title": "T"})
    assert a.content_hash == b.content_hash
    assert len(a.content_hash) == 64


def test_passwords_are_hashed_with_scrypt_and_checked():
    user = StaffUser(email="a@example.nl", role="admin")
    user.set_password("lang genoeg wachtwoord")
    assert user.password_hash.startswith("scrypt:")
    assert "lang genoeg" not in user.password_hash
    assert user.check_password("lang genoeg wachtwoord")
    assert not user.check_password("lang genoeg wachtwoorD")
    with pytest.raises(InvalidInput, match="ten minste 10 tekens"):
        user.set_password("kort")
    with pytest.raises(InvalidInput):
        user.set_password(" " * 12)
