"""Issue 24 §7: umbrella bodies (IPO, VNG) are counted apart from the parties of their type,
and a wave chosen by organisation type reaches the parties, not the umbrellas."""

from __future__ import annotations

from sqlalchemy import select

from surveyapp.coordinate.imports import parse_contacts
from surveyapp.coordinate.operations import audience_contacts, import_contact_table
from surveyapp.extensions import db
from surveyapp.models import Organisation, OrgType
from tests.conftest import csrf_from


def test_the_demo_counts_12_provinces_and_29_municipalities(demo, client, login_as):
    login_as("coordinator")
    html = client.get("/coordinate/").get_data(as_text=True)
    rows = {
        label: n
        for label, n in __import__("re").findall(
            r"<tr><td>(\w+)</td><td class=\"num\">(\d+)</td></tr>", html
        )
    }
    assert rows["Provincie"] == "12" and rows["Gemeente"] == "29"
    assert "Apart geteld, als koepelorganisatie:" in html
    assert "IPO (provincie)" in html and "VNG (gemeente)" in html
    form = client.get("/coordinate/waves/new").get_data(as_text=True)
    assert "Provincie (12)" in form and "Gemeente (29)" in form
    assert "Koepelorganisaties (" in form and "IPO" in form


def test_choosing_a_type_reaches_the_parties_and_a_role_reaches_the_umbrellas(demo):
    by_type = audience_contacts({"org_types": ["provincie"]})
    assert {c.organisation.name for c in by_type} == {
        o.name
        for o in db.session.scalars(
            select(Organisation).where(
                Organisation.org_type == OrgType.PROVINCIE, Organisation.umbrella.is_(False)
            )
        )
    }
    assert len({c.organisation_id for c in by_type}) == 12
    steering = audience_contacts({"roles": ["stuurgroep"]})
    assert "Interprovinciaal Overleg" in {c.organisation.name for c in steering}


def test_the_form_and_the_import_set_an_umbrella(client, login_as, session):
    login_as("coordinator")
    page = client.get("/coordinate/organisations/new").get_data(as_text=True)
    client.post(
        "/coordinate/organisations/new",
        data={
            "csrf_token": csrf_from(page),
            "name": "Unie van Waterschappen",
            "org_type": "waterschap",
            "province": "",
            "umbrella": "y",
        },
    )
    assert db.session.scalar(select(Organisation.umbrella)) is True
    table = [
        ["organisatie", "org_type", "naam", "e-mail", "rol", "koepel"],
        ["IPO", "provincie", "Esther", "e@ipo.test", "stuurgroep", "ja"],
        ["Provincie Zeeland", "provincie", "Piet", "p@zeeland.test", "bevoegd_gezag", ""],
        ["VNG", "gemeente", "Hans", "h@vng.test", "stuurgroep", "misschien"],
    ]
    parsed = parse_contacts(table)
    assert parsed.errors == [(4, "koepel ‘misschien’ is geen ja of nee")]
    import_contact_table(parse_contacts(table[:3]))
    umbrella = dict(db.session.execute(select(Organisation.name, Organisation.umbrella)).all())
    assert umbrella["IPO"] is True and umbrella["Provincie Zeeland"] is False
