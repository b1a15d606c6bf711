"""Survey versions, with their definitions as JSON (coordinators, evaluators, admins)."""

from __future__ import annotations

from flask_smorest import Blueprint

from surveyapp.api.auth import protect, roles
from surveyapp.api.lists import get_or_404, paged
from surveyapp.api.schemas import Paging, SurveyVersionDetail, SurveyVersionPage
from surveyapp.authoring.queries import versions_by_slug
from surveyapp.models import StaffRole, SurveyVersion

bp = Blueprint("api_surveys", __name__, description="Vragenlijsten en hun versies")
protect(bp)
READERS = (StaffRole.COORDINATOR, StaffRole.EVALUATOR)


def _version(row_version, waves) -> dict:
    return {
        "id": row_version.id,
        "slug": row_version.slug,
        "version": row_version.version,
        "title": row_version.title,
        "definition_hash": row_version.content_hash,
        "created_at": row_version.created_at,
        "frozen": bool(waves),
        "wave_ids": [w.id for w in waves],
    }


@bp.get("/surveys")
@roles(*READERS)
@bp.arguments(Paging, location="query")
@bp.response(200, SurveyVersionPage)
def list_versions(paging):
    """Every stored survey version, newest first per survey."""
    rows = [row for versions in versions_by_slug().values() for row in versions]
    return paged([_version(r.version, r.waves) for r in rows], paging)


@bp.get("/surveys/<int:version_id>")
@roles(*READERS)
@bp.response(200, SurveyVersionDetail)
def get_version(version_id: int):
    """One survey version with its definition (the canonical form, as JSON)."""
    version = get_or_404(SurveyVersion, version_id)
    waves = next(
        (r.waves for r in versions_by_slug().get(version.slug, []) if r.version.id == version.id),
        [],
    )
    return {**_version(version, waves), "definition": version.definition}
