"""The `flask users create` and `flask demo` commands, run through Click's real runner."""

import pytest
from sqlalchemy import func, select

from surveyapp.extensions import db
from surveyapp.models import (
    Contact,
    ContactRole,
    Invitation,
    Organisation,
    OrgType,
    StaffUser,
    SurveyVersion,
    Wave,
)


def test_users_create_reads_password_from_env(app, monkeypatch):
    monkeypatch.setenv("SURVEYAPP_PASSWORD", "een lang wachtwoord")
    result = app.test_cli_runner().invoke(
        args=["users", "create", "Evaluator@Example.nl", "--role", "evaluator"]
    )
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(StaffUser))
    assert user.email == "evaluator@example.nl"
    assert user.role == "evaluator"
    assert user.check_password("een lang wachtwoord")


def test_users_create_prompts_for_password(app, monkeypatch):
    monkeypatch.delenv("SURVEYAPP_PASSWORD", raising=False)
    result = app.test_cli_runner().invoke(
        args=["users", "create", "c@example.nl", "--role", "coordinator"],
        input="geheim-en-lang\ngeheim-en-lang\n",
    )
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(StaffUser)).check_password("geheim-en-lang")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["not-an-email", "--role", "admin"], "is not a valid e-mail address"),
        (["a@example.nl", "--role", "god"], "Invalid value for '--role'"),
    ],
)
def test_users_create_rejects_bad_input_clearly(app, monkeypatch, args, message):
    monkeypatch.setenv("SURVEYAPP_PASSWORD", "een lang wachtwoord")
    result = app.test_cli_runner().invoke(args=["users", "create", *args])
    assert result.exit_code == 2
    assert message in result.output
    assert db.session.scalar(select(func.count(StaffUser.id))) == 0


def test_users_create_refuses_short_password_and_duplicates(app, monkeypatch):
    runner = app.test_cli_runner()
    monkeypatch.setenv("SURVEYAPP_PASSWORD", "kort")
    result = runner.invoke(args=["users", "create", "a@example.nl", "--role", "admin"])
    assert result.exit_code == 2 and "at least 10 characters" in result.output
    monkeypatch.setenv("SURVEYAPP_PASSWORD", "een lang wachtwoord")
    assert runner.invoke(args=["users", "create", "a@example.nl", "--role", "admin"]).exit_code == 0
    result = runner.invoke(args=["users", "create", "A@example.nl", "--role", "admin"])
    assert result.exit_code == 2 and "already exists" in result.output
    assert db.session.scalar(select(func.count(StaffUser.id))) == 1


def _snapshot():
    def rows(model, *cols):
        return sorted(db.session.execute(select(*cols)).all())

    return {
        "organisations": rows(Organisation, Organisation.name, Organisation.org_type),
        "contacts": rows(Contact, Contact.email, Contact.name, Contact.role),
        "staff": rows(StaffUser, StaffUser.email, StaffUser.role, StaffUser.password_hash),
        "waves": rows(Wave, Wave.slug, Wave.state, Wave.survey_version_id, Wave.closes_at),
        "invitations": rows(
            Invitation, Invitation.wave_id, Invitation.contact_id, Invitation.token
        ),
        "versions": rows(SurveyVersion, SurveyVersion.slug, SurveyVersion.version),
    }


def test_demo_loads_the_covenant_parties_and_is_idempotent(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["demo"])
    assert first.exit_code == 0, first.output
    assert "admin@surveyapp.test" in first.output and "password:" in first.output
    # 4 closed enquête waves, 6 closed monitoring years, 2 open follow-ups and this year's
    # monitoring return; 56 contacts for the follow-ups and 41 authorities for the return.
    assert "13 waves and 97 invitations added" in first.output
    assert first.output.count("http://127.0.0.1:5000/r/") == 6
    counts = dict(
        db.session.execute(
            select(Organisation.org_type, func.count()).group_by(Organisation.org_type)
        ).all()
    )
    assert counts[OrgType.PROVINCIE] == 12 + 1  # 12 provinces + IPO
    assert counts[OrgType.GEMEENTE] == 29 + 1  # 29 municipalities + VNG
    authorities = db.session.scalar(
        select(func.count()).where(Contact.role == ContactRole.BEVOEGD_GEZAG)
    )
    steering = db.session.scalar(
        select(func.count()).where(
            Contact.role.in_([ContactRole.STUURGROEP, ContactRole.PROGRAMMATEAM])
        )
    )
    assert (authorities, steering) == (41, 15)
    before = _snapshot()
    second = runner.invoke(args=["demo"])
    assert second.exit_code == 0
    assert (
        "0 organisations, 0 contacts, 0 staff accounts, 0 waves and 0 invitations" in second.output
    )
    assert _snapshot() == before


def test_demo_links_open_both_enquetes(app, client):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["demo"]).exit_code == 0
    result = runner.invoke(args=["demo", "--links"])
    # Before: --links loaded the demo again and reprinted the logins first.
    assert "Demo loaded" not in result.output and "password" not in result.output
    links = [line.split(": ")[-1] for line in result.output.splitlines() if "/r/" in line]
    assert len(links) == 97 and len(result.output.splitlines()) == 97
    for link in (links[0], links[55]):
        path = link.replace("http://127.0.0.1:5000", "")
        assert client.get(path).status_code == 302
        welcome = client.get("/r/").get_data(as_text=True)
        assert "Beginnen" in welcome
        # Before: the follow-up wave greeted as the final evaluation of a covenant that "loopt af".
        assert "<h1>Vervolgmeting convenant Bodem en Ondergrond" in welcome
        assert "loopt af" not in welcome and "is afgelopen" in welcome
    # The last 41 are this year's monitoring return, prefilled with the authority's 2020 return.
    assert client.get(links[-1].replace("http://127.0.0.1:5000", "")).status_code == 302
    assert "<h1>Monitoring spoedlocaties" in client.get("/r/").get_data(as_text=True)
    assert "uw opgave van <strong>Monitoring spoedlocaties 2020</strong>" in client.get(
        "/r/p/1"
    ).get_data(as_text=True)


def test_demo_follow_up_asks_the_same_questions_with_its_own_texts(app):
    assert app.test_cli_runner().invoke(args=["demo"]).exit_code == 0
    titles = dict(
        db.session.execute(select(Wave.slug, SurveyVersion.title).join(Wave.survey_version)).all()
    )
    assert titles["vervolg-2026-bevoegde-overheden"].startswith("Vervolgmeting")
    assert titles["eind-2020-bevoegde-overheden"].startswith("Eindevaluatie")
    versions = {w.slug: w.survey_version for w in db.session.scalars(select(Wave)).all()}
    follow_up = versions["vervolg-2026-bevoegde-overheden"]
    final = versions["eind-2020-bevoegde-overheden"]
    assert follow_up.slug == final.slug and follow_up.version == final.version + 1
    assert follow_up.definition["sections"] == final.definition["sections"]


def test_demo_refuses_production_without_force(app):
    app.config["HSTS"] = True
    result = app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code == 2 and "Refusing" in result.output
    assert db.session.scalar(select(func.count(Organisation.id))) == 0
