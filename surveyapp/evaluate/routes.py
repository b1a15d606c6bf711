"""Evaluator pages."""

from flask import render_template
from sqlalchemy import func, select

from surveyapp.evaluate import bp
from surveyapp.extensions import db
from surveyapp.models import Response, ResponseStatus, Wave


@bp.route("/")
def index():
    submitted = (
        select(func.count(Response.id))
        .where(Response.wave_id == Wave.id, Response.status == ResponseStatus.SUBMITTED)
        .scalar_subquery()
    )
    rows = db.session.execute(select(Wave, submitted).order_by(Wave.created_at.desc())).all()
    return render_template("evaluate/index.html", rows=rows)
