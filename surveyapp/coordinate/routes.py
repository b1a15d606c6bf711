"""Coordinator pages."""

from flask import render_template, request

from surveyapp.coordinate import bp
from surveyapp.coordinate.queries import (
    all_waves,
    org_type_counts,
    organisations_with_counts,
    search_contacts,
)


@bp.route("/")
def index():
    return render_template("coordinate/index.html", counts=org_type_counts(), waves=all_waves())


@bp.route("/organisations")
def organisations():
    return render_template("coordinate/organisations.html", rows=organisations_with_counts())


@bp.route("/contacts")
def contacts():
    query = request.args.get("q", "")[:200]
    return render_template("coordinate/contacts.html", contacts=search_contacts(query), q=query)
