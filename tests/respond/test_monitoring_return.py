"""A yearly monitoring return: prefilled from last year, totals checked, nothing half-saved."""

from sqlalchemy import func, select

from surveyapp.definitions import AnswerValue
from surveyapp.definitions.types import CountsType
from surveyapp.evaluate.results.operations import add_submitted_response
from surveyapp.models import Answer, OrgType, Response, ResponseSource, ResponseStatus
from surveyapp.models.wave import ResponseUnit
from tests import factories as f
from tests.respond.conftest import Respondent, open_wave

LAST_YEAR = {  # (status, cohort) → count, as the authority reported for 2020
    ("niet_gestart", "start"): 3, ("in_uitvoering", "start"): 10, ("afgehandeld", "start"): 12,
    ("niet_gestart", "nieuw"): 1, ("in_uitvoering", "nieuw"): 0, ("afgehandeld", "nieuw"): 2,
}  # fmt: skip


def cells(table: dict) -> dict:
    return {f"q-spoedlocaties-{r}-{c}": str(n) for (r, c), n in table.items()}


def setup_years(session, client):
    org = f.OrganisationFactory(name="Provincie Zeeland", org_type=OrgType.PROVINCIE)
    earlier = open_wave(
        session, "monitoring-spoedlocaties", slug="mon-2020", name="Monitoring 2020",
        period=2020, response_unit=ResponseUnit.ORGANISATION,
    )  # fmt: skip
    answers = [
        ("spoedlocaties", AnswerValue(value_num=float(n), suffix=CountsType.suffix(r, c)))
        for (r, c), n in LAST_YEAR.items()
    ]
    old = add_submitted_response(earlier.id, org.org_type, org.name, ResponseSource.SURVEY, answers)
    old.organisation_id = org.id
    earlier.close()
    wave = open_wave(
        session, "monitoring-spoedlocaties", slug="mon-2021", name="Monitoring 2021",
        period=2021, response_unit=ResponseUnit.ORGANISATION,
    )  # fmt: skip
    invitation = f.InvitationFactory(wave=wave, contact=f.ContactFactory(organisation=org))
    session.commit()
    respondent = Respondent(client, invitation.token)
    assert respondent.open_link().status_code == 302
    return respondent, wave


def draft_answers(session, wave) -> int:
    return session.scalar(
        select(func.count(Answer.id)).join(Response).where(Response.wave_id == wave.id)
    )


def test_the_page_starts_from_last_years_return(client, session):
    respondent, _wave = setup_years(session, client)
    html = respondent.get("/r/p/1").get_data(as_text=True)
    assert "vooraf ingevuld met uw opgave van <strong>Monitoring 2020</strong>" in html
    for name, value in cells(LAST_YEAR).items():
        assert f'name="{name}" value="{value}"' in html
    assert 'data-total-col="start" aria-label="Totaal Bekend bij de start (2015)">25<' in html
    assert 'data-total-all aria-label="Totaal">28<' in html


def test_a_start_column_that_no_longer_adds_up_is_refused_and_nothing_is_saved(client, session):
    respondent, wave = setup_years(session, client)
    moved = dict(LAST_YEAR) | {("afgehandeld", "start"): 14, ("in_uitvoering", "start"): 7}
    response = respondent.post_page(1, cells(moved))  # 3 + 7 + 14 = 24, last year 25
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert (
        "De aantallen in de kolom ‘Bekend bij de start (2015)’ tellen op tot 24, maar in uw "
        "vorige opgave (Monitoring 2020) waren dat er 25."
    ) in html
    assert "leg het verschil uit bij ‘Toelichting op een gewijzigd aantal" in html
    assert 'name="q-spoedlocaties-afgehandeld-start" value="14"' in html  # kept in the form
    assert draft_answers(session, wave) == 0
    # Spaces and zero-width characters explain nothing (before: U+200B passed as a reason).
    for blank in ("\u200b", " \u200b\ufeff ", "\u2060"):
        unexplained = cells(moved) | {"q-toelichting_start": blank}
        assert respondent.post_page(1, unexplained).status_code == 422, repr(blank)
    assert draft_answers(session, wave) == 0
    # Explained: accepted and saved, every cell.
    explained = cells(moved) | {"q-toelichting_start": "Eén locatie bleek geen spoedlocatie."}
    assert respondent.post_page(1, explained).status_code == 302
    assert draft_answers(session, wave) == 7


def test_moving_sites_between_statuses_passes_and_new_sites_may_grow(client, session):
    respondent, wave = setup_years(session, client)
    moved = dict(LAST_YEAR) | {
        ("in_uitvoering", "start"): 8, ("afgehandeld", "start"): 14, ("niet_gestart", "nieuw"): 4,
    }  # fmt: skip
    assert respondent.post_page(1, cells(moved)).status_code == 302
    assert respondent.post_page(2, {}).status_code == 302
    assert respondent.submit().status_code == 302
    session.expire_all()
    done = session.scalars(select(Response).where(Response.wave_id == wave.id)).one()
    assert done.status is ResponseStatus.SUBMITTED


def test_a_half_filled_table_or_a_wrong_number_is_refused(client, session):
    respondent, wave = setup_years(session, client)
    half = cells(LAST_YEAR) | {"q-spoedlocaties-niet_gestart-nieuw": ""}
    response = respondent.post_page(1, half, action="save")
    assert response.status_code == 422
    assert "Vul in elke cel van de tabel een aantal in; zet 0 als er geen zijn." in (
        response.get_data(as_text=True)
    )
    for bad in ("-1", "2,5", "1.000", "٣", "99999", "9" * 5000):  # 5000 digits: before, a 500
        data = cells(LAST_YEAR) | {"q-spoedlocaties-niet_gestart-nieuw": bad}
        response = respondent.post_page(1, data, action="save")
        assert response.status_code == 422, bad
        assert "Vul in elke cel een heel getal van 0 tot en met 5000 in" in (
            response.get_data(as_text=True)
        )
    assert draft_answers(session, wave) == 0


def test_the_welcome_page_says_returns_are_public_per_authority(client, session):
    """Before: it promised that only groups of five or more are published."""
    respondent, _wave = setup_years(session, client)
    html = respondent.get("/r/").get_data(as_text=True)
    assert "De aantallen zijn openbaar per bevoegd gezag" in html
    assert "groepen van ten minste" not in html


def test_without_an_earlier_return_nothing_is_prefilled_or_compared(client, session):
    org = f.OrganisationFactory(name="Gemeente Delft")
    wave = open_wave(
        session, "monitoring-spoedlocaties", slug="mon-first", period=2015,
        response_unit=ResponseUnit.ORGANISATION,
    )  # fmt: skip
    invitation = f.InvitationFactory(wave=wave, contact=f.ContactFactory(organisation=org))
    session.commit()
    respondent = Respondent(client, invitation.token)
    respondent.open_link()
    html = respondent.get("/r/p/1").get_data(as_text=True)
    assert "vooraf ingevuld" not in html
    assert 'name="q-spoedlocaties-niet_gestart-start" value=""' in html
    assert respondent.post_page(1, cells(LAST_YEAR)).status_code == 302


def test_a_return_sent_through_a_personal_link_counts_as_the_organisations(client, session):
    """In a wave answered per contact the return is found through the invited contact."""
    org = f.OrganisationFactory(name="Gemeente Delft")
    earlier = open_wave(
        session, "monitoring-spoedlocaties", slug="mon-2020", name="Monitoring 2020", period=2020
    )
    old_invitation = f.InvitationFactory(wave=earlier, contact=f.ContactFactory(organisation=org))
    answers = [
        ("spoedlocaties", AnswerValue(value_num=float(n), suffix=CountsType.suffix(r, c)))
        for (r, c), n in LAST_YEAR.items()
    ]
    add_submitted_response(
        earlier.id, org.org_type, org.name, ResponseSource.SURVEY, answers, None, old_invitation.id
    )
    earlier.close()
    wave = open_wave(session, "monitoring-spoedlocaties", slug="mon-2021", period=2021)
    invitation = f.InvitationFactory(wave=wave, contact=f.ContactFactory(organisation=org))
    session.commit()
    respondent = Respondent(client, invitation.token)
    respondent.open_link()
    html = respondent.get("/r/p/1").get_data(as_text=True)
    assert 'name="q-spoedlocaties-afgehandeld-start" value="12"' in html
