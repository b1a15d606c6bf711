"""Organisations and contacts: lists, and the contacts import that is all or nothing
(coordinators). The import reads the same columns and rules as the CSV on the page."""

from __future__ import annotations

from flask import g
from flask_smorest import Blueprint

from surveyapp.api.auth import protect, roles
from surveyapp.api.lists import paged_query
from surveyapp.api.problems import ProblemError
from surveyapp.api.schemas import (
    ContactImportIn,
    ContactImportOut,
    ContactPage,
    OrganisationPage,
    Paging,
)
from surveyapp.coordinate.imports import parse_contacts
from surveyapp.coordinate.operations import import_contact_table
from surveyapp.coordinate.queries import contacts_in_order, organisations_in_order
from surveyapp.errors import DomainError
from surveyapp.models import StaffRole

bp = Blueprint("api_contacts", __name__, description="Organisaties en contactpersonen")
protect(bp)
COLUMNS = ("organisation", "org_type", "name", "email", "role", "province")


@bp.get("/organisations")
@roles(StaffRole.COORDINATOR)
@bp.arguments(Paging, location="query")
@bp.response(200, OrganisationPage)
def list_organisations(paging):
    """Every organisation, by type and name."""
    return paged_query(organisations_in_order(), paging, lambda o: {
        "id": o.id, "name": o.name, "org_type": o.org_type.value, "code": o.code or None,
        "province": o.province or None, "active": o.active,
    })  # fmt: skip


@bp.get("/contacts")
@roles(StaffRole.COORDINATOR)
@bp.arguments(Paging, location="query")
@bp.response(200, ContactPage)
def list_contacts(paging):
    """Every contact person, by organisation and name."""
    return paged_query(contacts_in_order(), paging, lambda c: {
        "id": c.id, "name": c.name, "email": c.email, "role": c.role.value,
        "organisation_id": c.organisation_id, "organisation": c.organisation.name,
        "active": c.active,
    })  # fmt: skip


@bp.post("/contacts/import")
@roles(StaffRole.COORDINATOR)
@bp.arguments(ContactImportIn)
@bp.response(200, ContactImportOut)
def import_contacts(body):
    """Add or update organisations and contacts. With any bad row nothing is stored and every
    problem is listed; `line` counts as in the CSV, so the first contact is line 2."""
    table = [list(COLUMNS)] + [[row.get(c, "") for c in COLUMNS] for row in body["contacts"]]
    try:
        summary = import_contact_table(parse_contacts(table), g.api_user)
    except DomainError as err:
        raise ProblemError(409, str(err)) from None
    if summary.errors:
        errors = [{"line": line, "message": message} for line, message in summary.errors]
        raise ProblemError(
            422,
            f"{len(errors)} regel(s) kloppen niet; er is niets opgeslagen. Verbeter ze en stuur "
            "de hele lijst opnieuw.",
            errors,
        )
    return {
        "organisations_added": summary.organisations_added,
        "contacts_added": summary.contacts_added,
        "contacts_updated": summary.contacts_updated,
        "unchanged": summary.unchanged,
    }
