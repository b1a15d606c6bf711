"""SPSS, Stata and R files of the raw answers, read back and checked against the database."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile

import pandas as pd
import pyreadstat
import pytest

from surveyapp.evaluate.results import statfiles
from surveyapp.evaluate.results.pipeline import wave_results
from surveyapp.models import Anonymity
from tests.evaluate.conftest import add_response, make_wave

MIN_N = 5


def _read(body: bytes, suffix: str, tmp_path, **kw):
    path = tmp_path / f"file.{suffix}"
    path.write_bytes(body)
    reader = pyreadstat.read_sav if suffix == "sav" else pyreadstat.read_dta
    return reader(str(path), **kw)


def test_the_demo_sav_has_labels_missing_dont_know_and_the_published_means(
    demo_waves, session, tmp_path
):
    wave = demo_waves["eind-2020-bevoegde-overheden"]
    body, layout = statfiles.sav_bytes(wave, MIN_N)
    df, meta = _read(body, "sav", tmp_path, user_missing=True)
    results = wave_results(wave, MIN_N)
    labels = meta.column_names_to_labels
    for q in results.survey.questions:
        assert labels[q.key] == q.text  # every question labelled (asked once each here)
    assert meta.missing_ranges["samenwerking_partijen"] == [{"lo": -9.0, "hi": -9.0}]
    assert meta.variable_value_labels["samenwerking_partijen"][-9.0] == "weet niet"
    plain, _ = _read(body, "sav", tmp_path)  # user-missing read as missing
    published = {r.item.id: r.stats for r in results.item_rows()}
    online = plain[plain["bron"].isin([1, 3])]  # online and imported: what the items count
    for item_id, stats in published.items():
        if stats["mean"] is not None:
            assert online[item_id].mean() == pytest.approx(stats["mean"], abs=1e-12), item_id
            assert int(online[item_id].notna().sum()) == stats["n"]
            assert int((df.loc[online.index, item_id] == -9).sum()) == stats["n_dont_know"]
    assert meta.variable_value_labels["org_type"][2.0] == "Provincie"
    assert layout.shortened == {}


def test_the_dta_marks_dont_know_as_extended_missing(demo_waves, session, tmp_path):
    wave = demo_waves["eind-2020-bevoegde-overheden"]
    body, _ = statfiles.dta_bytes(wave, MIN_N)
    df, meta = _read(body, "dta", tmp_path, user_missing=True)
    sav, _ = _read(statfiles.sav_bytes(wave, MIN_N)[0], "sav", tmp_path, user_missing=True)
    column = "samenwerking_partijen"
    assert (df[column] == "a").sum() == (sav[column] == -9).sum() > 0
    assert meta.column_names_to_labels[column].startswith("Welk cijfer geeft u")
    numbers = pd.to_numeric(df[column].where(df[column] != "a"), errors="coerce")
    assert numbers.mean() == pytest.approx(sav[column].where(sav[column] != -9).mean())


def test_choices_multi_and_counts_become_labelled_variables(demo_waves, session, tmp_path):
    sg = demo_waves["eind-2020-samenwerking"]
    _, meta = _read(statfiles.sav_bytes(sg, MIN_N)[0], "sav", tmp_path)
    assert meta.variable_value_labels["rol"][1.0] == "Lid van de stuurgroep"
    assert meta.column_names_to_labels["urgentie_start"].endswith(
        "(Bij de start van het convenant (2016))"
    )
    assert meta.variable_value_labels["urgentie_nu"][1.0] == "Helemaal oneens"
    assert "verbeterpunten_ambitie" in meta.column_names
    monitoring = next(
        w for w in demo_waves.values() if w.survey_version.slug.startswith("monitoring")
    )
    _, meta = _read(statfiles.sav_bytes(monitoring, MIN_N)[0], "sav", tmp_path)
    assert "spoedlocaties_afgehandeld_start" in meta.column_names


def test_anonymous_waves_name_no_one_and_pool_small_groups(client, evaluator, session, tmp_path):
    wave = make_wave(session, anonymity=Anonymity.ANONYMOUS)
    for org_type, n in {"gemeente": 10, "provincie": 6, "rijk": 1}.items():
        for i in range(n):
            answers = {"samenwerking_partijen": 6 + i % 3,
                       "samenwerken_toelichting": f'=HYPERLINK("x") {i}'}  # fmt: skip
            add_response(session, wave, org_type, answers, f"{org_type.title()} {i}")
    session.commit()
    df, _meta = _read(statfiles.sav_bytes(wave, MIN_N)[0], "sav", tmp_path)
    assert "organisatie" not in df.columns
    # gemeente named; rijk (1) and provincie (its complement) pooled without an org type
    assert df["org_type"].value_counts().to_dict() == {3.0: 10}
    assert int(df["org_type"].isna().sum()) == 7
    archive = zipfile.ZipFile(
        io.BytesIO(client.get(f"/evaluate/waves/{wave.id}/antwoorden.zip").data)
    )
    assert set(archive.namelist()) == {"data.csv", "codebook.csv", "read.R"}
    data = archive.read("data.csv").decode("utf-8-sig")
    assert "'=HYPERLINK" in data and "Gemeente" not in data
    wave.state = wave.state.__class__.OPEN
    session.commit()
    assert client.get(f"/evaluate/waves/{wave.id}/antwoorden.sav").status_code == 409


@pytest.mark.skipif(shutil.which("Rscript") is None, reason="R is not installed: read.R not run")
def test_read_r_applies_the_labels(demo_waves, session, tmp_path):
    body, _ = statfiles.r_zip(demo_waves["eind-2020-samenwerking"], MIN_N)
    zipfile.ZipFile(io.BytesIO(body)).extractall(tmp_path)
    script = (
        'source("read.R"); cat(levels(data$urgentie_nu)[1], "|", attr(data$rol, "label"), "|", '
        "sum(is.na(data$urgentie_nu)), '\\n')"
    )
    out = subprocess.run(
        ["Rscript", "-e", script], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 0, out.stderr
    first, label, missing = (part.strip() for part in out.stdout.split("|"))
    sav, _ = _read(statfiles.sav_bytes(demo_waves["eind-2020-samenwerking"], MIN_N)[0], "sav",
                   tmp_path)  # fmt: skip
    assert first == "Helemaal oneens" and label.startswith("In welke rol")
    assert int(missing) == int(sav["urgentie_nu"].isna().sum())
