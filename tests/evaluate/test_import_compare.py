"""Historical imports (all or nothing) and wave against wave."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select

from surveyapp.coordinate.operations import store_survey_version
from surveyapp.models import Answer, Response, ResponseSource
from tests.conftest import csrf_from
from tests.evaluate.conftest import add_response, bo_version, make_wave

GOOD = (
    "organisatie;org_type;art2_cijfer;samenwerking_partijen;art2_toelichting\n"
    "Provincie Zeeland;provincie;7;6,5;Prima\n"
    "Gemeente Ede;gemeente;weet niet;5;\n"
    "Gemeente Emmen;gemeente;;4;\n"
)


def upload(client, wave, content: bytes, replace=False):
    path = f"/evaluate/waves/{wave.id}/import"
    data = {
        "csrf_token": csrf_from(client.get(path).get_data(as_text=True)),
        "file": (io.BytesIO(content), "mtr.csv"),
    }
    if replace:
        data["replace"] = "y"
    return client.post(path, data=data, content_type="multipart/form-data")


def imported(session):
    return session.scalar(
        select(func.count(Response.id)).where(Response.source == ResponseSource.IMPORT)
    )


def test_import_an_earlier_round(client, login_as, session):
    login_as("evaluator")
    wave = make_wave(session, slug="mtr", name="Tussenrapportage 2018")
    session.commit()
    response = upload(client, wave, GOOD.encode())
    assert response.status_code == 302, response.get_data(as_text=True)
    assert imported(session) == 3
    rows = {
        (a.question_key, a.value_num, a.value_text, a.dont_know)
        for a in session.scalars(select(Answer))
    }
    assert ("samenwerking_partijen", 6.5, None, False) in rows  # decimal comma accepted
    assert ("art2_cijfer", None, None, True) in rows
    assert ("art2_toelichting", None, "Prima", False) in rows
    again = upload(client, wave, GOOD.encode())
    assert "al 3 geïmporteerde antwoorden" in again.get_data(as_text=True)
    assert upload(client, wave, GOOD.encode(), replace=True).status_code == 302
    assert imported(session) == 3


def test_bad_import_lists_every_problem_and_imports_nothing(client, login_as, session):
    login_as("evaluator")
    wave = make_wave(session, slug="mtr", name="Tussenrapportage 2018")
    session.commit()
    bad = (
        "organisatie;org_type;art2_cijfer;samenwerking_partijen\n"
        "Provincie Zeeland;provincie;11;6\n"
        ";dorp;zeven;5\n"
        "Gemeente Ede;gemeente;6;7\n"
    )
    response = upload(client, wave, bad.encode())
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    for expected in (
        '<td class="num">2</td><td>art2_cijfer: 11 ligt niet tussen 1 en 10',
        '<td class="num">3</td><td>organisatie ontbreekt; onbekend org_type ‘dorp’; '
        "art2_cijfer: ‘zeven’ is geen getal",
    ):
        assert expected in html
    assert imported(session) == 0
    unknown = upload(client, wave, b"organisatie;org_type;vraag_99\nX;gemeente;1\n")
    assert "Onbekende kolommen (geen vraag van deze vragenlijst): vraag_99" in unknown.get_data(
        as_text=True
    )


def test_import_cli(app, session, tmp_path):
    make_wave(session, slug="mtr", name="Tussenrapportage 2018")
    session.commit()
    path = tmp_path / "mtr.csv"
    path.write_text(GOOD, encoding="utf-8")
    runner = app.test_cli_runner()
    assert (
        "Imported 3 respondents"
        in runner.invoke(args=["results", "import", "mtr", str(path)]).output
    )
    result = runner.invoke(args=["results", "import", "mtr", str(path)])
    assert result.exit_code == 2 and "vervangen" in result.output
    path.write_text("organisatie;org_type;art2_cijfer\nX;dorp;1\n", encoding="utf-8")
    result = runner.invoke(args=["results", "import", "mtr", str(path), "--replace"])
    assert result.exit_code == 1 and "line 2: onbekend org_type" in result.output
    assert imported(session) == 3


def test_wave_against_wave(client, login_as, session):
    login_as("evaluator")
    version = bo_version(session)
    mtr = make_wave(session, slug="mtr", name="Tussenrapportage 2018", version=version)
    eind = make_wave(session, slug="eind", name="Eindevaluatie 2020", version=version)
    for grade in (5, 6, 6, 7, 6):
        add_response(session, mtr, "gemeente", {"uitvoeringsteam": grade})
    for grade in (7, 7, 8, 6, 7):
        add_response(session, eind, "gemeente", {"uitvoeringsteam": grade})
    session.commit()
    html = client.get(f"/evaluate/vergelijk?a={mtr.id}&b={eind.id}").get_data(as_text=True)
    row = html.split("Welk cijfer geeft u de werkzaamheden van het uitvoeringsteam")[1]
    assert "6,0 <span" in row and "7,0 <span" in row and '<td class="num">1,0</td>' in row


def test_waves_with_different_wording_are_not_compared_unless_asked(client, login_as, session):
    login_as("evaluator")
    v1 = bo_version(session)
    changed = {**v1.definition}
    changed["sections"] = [dict(s) for s in v1.definition["sections"]]
    last = changed["sections"][-1]
    last["questions"] = [dict(q) for q in last["questions"]]
    last["questions"][1]["text"] = "Hoe waardeert u het uitvoeringsteam?"
    mtr = make_wave(session, slug="mtr", name="Tussenrapportage 2018", version=v1)
    v2 = store_survey_version(changed).version
    assert v2.version == 2
    eind = make_wave(session, slug="eind", name="Eindevaluatie 2020", version=v2)
    for wave in (mtr, eind):
        for grade in (5, 6, 6, 7, 6):
            add_response(session, wave, "gemeente", {"uitvoeringsteam": grade})
    session.commit()
    url = f"/evaluate/vergelijk?a={mtr.id}&b={eind.id}"
    html = client.get(url).get_data(as_text=True)
    assert (
        "Niet vergeleken omdat de tekst of de schaal van de vraag verschilt: uitvoeringsteam"
        in html
    )
    forced = client.get(url + "&toch=1").get_data(as_text=True)
    assert "Niet vergeleken" not in forced
    row = forced.split("Welk cijfer geeft u de werkzaamheden van het uitvoeringsteam")[1]
    assert row.count("6,0 <span") == 2


def test_demo_figures_match_an_independent_computation(demo, app, session, tmp_path):
    """Every mean the results show for the demo's final evaluation equals plain SQL."""
    from surveyapp.evaluate.results.cache import results_for
    from surveyapp.models import Wave

    wave = session.scalar(select(Wave).where(Wave.slug == "eind-2020-bevoegde-overheden"))
    results = results_for(wave)
    stats = {r["item"]: r for r in results.item_stats.rows}
    rows = session.execute(
        select(Answer.question_key, func.avg(Answer.value_num), func.count(Answer.value_num))
        .join(Response)
        .where(
            Response.wave_id == wave.id,
            Response.source == "survey",
            Response.status == "submitted",
            Answer.dont_know.is_(False),
            Answer.value_num.is_not(None),
        )
        .group_by(Answer.question_key)
    ).all()
    checked = 0
    for key, mean, n in rows:
        if key in stats:
            assert stats[key]["mean"] == pytest.approx(float(mean))
            assert stats[key]["n"] == n
            checked += 1
    assert checked == 8
    assert results.n_responses == 34  # 34 of the 41, as in the source
    assert stats["uitvoeringsteam"]["mean"] == pytest.approx(7.0, abs=0.05)
    assert stats["samenwerking_partijen"]["mean"] == pytest.approx(6.5, abs=0.05)


def test_compare_from_a_wave_proposes_the_previous_wave_of_its_survey(client, demo_waves):
    final = demo_waves["eind-2020-bevoegde-overheden"]
    html = client.get(f"/evaluate/vergelijk?b={final.id}").get_data(as_text=True)
    # Before: both sides defaulted to the same wave.
    assert "Tussenrapportage 2018 – bevoegde overheden tegen Eindevaluatie 2020" in html


def test_imported_answers_count_like_answers_given_online(client, login_as, session):
    """Before: twelve imported responses gave n_responses 0 and the wave comparison was hidden."""
    import json

    login_as("evaluator")
    mtr = make_wave(session, slug="mtr", name="Tussenrapportage 2018")
    final = make_wave(session, slug="eind", name="Eindevaluatie 2020")
    for i in range(6):
        add_response(session, final, "provincie", {"samenwerking_partijen": 7}, f"Provincie {i}")
        add_response(session, final, "gemeente", {"samenwerking_partijen": 6}, f"Gemeente {i}")
    session.commit()
    rows = [f"Provincie {i};provincie;5;Gemeente {i};gemeente;4" for i in range(6)]
    body = "organisatie;org_type;samenwerking_partijen\n" + "\n".join(
        f"{a};{b};{c}\n{d};{e};{f}" for a, b, c, d, e, f in (r.split(";") for r in rows)
    )
    assert upload(client, mtr, body.encode()).status_code == 302
    data = json.loads(client.get(f"/evaluate/waves/{mtr.id}/export.json").data)
    assert (data["n_responses"], data["n_imported"]) == (12, 12)
    item = next(i for i in data["items"] if i["id"] == "samenwerking_partijen")
    assert item["n"] == 12 and item["mean"] == 4.5
    assert item["comparison"]["n_provincie"] == 6  # provinces against municipalities, too
    page = client.get(f"/evaluate/waves/{mtr.id}").get_data(as_text=True)
    assert "12 ingevulde vragenlijsten (waarvan 12 geïmporteerd uit een eerdere ronde)" in page
    html = client.get(f"/evaluate/vergelijk?a={mtr.id}&b={final.id}").get_data(as_text=True)
    assert "4,5" in html and "6,5" in html  # the comparison is shown, not hidden
