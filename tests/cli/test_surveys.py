"""`flask surveys check|load|list` on real files and a real database."""

from sqlalchemy import select

from config import BASE_DIR
from surveyapp.extensions import db
from surveyapp.models import SurveyVersion
from tests import factories as f

SEED = BASE_DIR / "surveys" / "bevoegde-overheden.yaml"


def test_check_passes_the_seed_files(app):
    result = app.test_cli_runner().invoke(args=["surveys", "check", str(SEED)])
    assert result.exit_code == 0 and "OK" in result.output


def test_check_reports_every_problem_and_fails(app, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: 1\nslug: x\ntitle: X\nsections: []\nextra: 1\n", encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["surveys", "check", str(bad)])
    assert result.exit_code == 1
    assert f"{bad}: extra: unknown key 'extra'" in result.output
    assert f"{bad}: sections: must be a non-empty list" in result.output


def test_load_stores_only_changes_and_freezes_used_versions(app, tmp_path):
    runner = app.test_cli_runner()
    copy = tmp_path / "bevoegde-overheden.yaml"
    copy.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    assert "version 1 new" in runner.invoke(args=["surveys", "load", str(copy)]).output
    assert "version 1 unchanged" in runner.invoke(args=["surveys", "load", str(copy)]).output
    # Still unused: an edit replaces version 1.
    copy.write_text(
        copy.read_text(encoding="utf-8").replace("estimated_minutes: 15", "estimated_minutes: 20"),
        encoding="utf-8",
    )
    assert "version 1 updated" in runner.invoke(args=["surveys", "load", str(copy)]).output
    v1 = db.session.scalar(select(SurveyVersion))
    wave = f.WaveFactory(survey_version=v1)
    db.session.commit()
    # Used by a wave: an edit becomes version 2, and the wave keeps version 1.
    copy.write_text(
        copy.read_text(encoding="utf-8").replace("estimated_minutes: 20", "estimated_minutes: 25"),
        encoding="utf-8",
    )
    assert "version 2 new" in runner.invoke(args=["surveys", "load", str(copy)]).output
    versions = db.session.scalars(select(SurveyVersion).order_by(SurveyVersion.version)).all()
    assert [v.definition["estimated_minutes"] for v in versions] == [20, 25]
    assert wave.survey_version.version == 1
    listing = runner.invoke(args=["surveys", "list"]).output
    assert "bevoegde-overheden v1" in listing and "(in use)" in listing


def test_load_with_a_bad_file_loads_nothing(app, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: 1\n", encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["surveys", "load", str(SEED), str(bad)])
    assert result.exit_code == 1
    assert "Nothing was loaded" in result.output
    assert db.session.scalar(select(SurveyVersion)) is None
