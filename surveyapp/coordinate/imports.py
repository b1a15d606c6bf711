"""Read a contacts file (CSV or XLSX) into checked rows; all or nothing, every bad row listed.

Columns: organisation, org_type, name, email, role, and optionally province (Dutch names
accepted too). Every cell is
read as text, never evaluated: a formula in a spreadsheet arrives as its literal text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from email_validator import EmailNotValidError, validate_email

from surveyapp.models import (
    ORG_TYPE_ALIASES,
    PROVINCE_ALIASES,
    PROVINCES,
    ContactRole,
    OrgType,
)
from surveyapp.tables import Column, Parsed, TableImport

HEADER_ALIASES = {
    "organisation": {"organisation", "organization", "organisatie", "organisatienaam"},
    "org_type": {"org_type", "orgtype", "type", "organisatietype", "soort", "soort organisatie"},
    "name": {"name", "naam", "contactpersoon", "naam contactpersoon"},
    "email": {"email", "e-mail", "e-mailadres", "emailadres", "mail", "e-mail adres"},
    "role": {"role", "rol", "functie"},
}
OPTIONAL_ALIASES = {
    "province": {"province", "provincie"},
    "umbrella": {"umbrella", "koepel", "koepelorganisatie"},
}
YES_NO = {
    "ja": True,
    "j": True,
    "yes": True,
    "y": True,
    "true": True,
    "1": True,
    "x": True,
    "nee": False,
    "n": False,
    "no": False,
    "false": False,
    "0": False,
}
ROLE_ALIASES = {r.value: r for r in ContactRole} | {
    "bevoegd gezag": ContactRole.BEVOEGD_GEZAG,
    "bevoegde overheid": ContactRole.BEVOEGD_GEZAG,
}


@dataclass(frozen=True)
class ContactRow:
    line: int
    organisation: str
    org_type: OrgType
    name: str
    email: str
    role: ContactRole
    province: str = ""  # optional: the province the organisation reports under
    umbrella: bool | None = None  # optional: an umbrella body (koepel); None: as stored


ParsedFile = Parsed[ContactRow]


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


class ContactImport(TableImport[ContactRow]):
    """Contacts: the five columns (and province), checked per row and across rows."""

    columns = tuple(Column(k, frozenset(v)) for k, v in HEADER_ALIASES.items()) + tuple(
        Column(k, frozenset(v), required=False) for k, v in OPTIONAL_ALIASES.items()
    )
    expected = " Verwacht: organisatie, org_type, naam, e-mail, rol (of de Engelse namen)."

    def start(self) -> None:
        self.seen_emails: dict[str, int] = {}
        self.org_types: dict[str, tuple[OrgType, int]] = {}

    def row(self, line: int, cell) -> tuple[ContactRow | None, list[str]]:
        values = {k: cell(k) for k in (*HEADER_ALIASES, *OPTIONAL_ALIASES)}
        return _check_row(line, values, self.seen_emails, self.org_types)


def parse_contacts(table: list[list[str]]) -> ParsedFile:
    """Check every row; the result lists all problems with line numbers (1 = the header)."""
    return ContactImport().parse(table)


def _optional_cells(cell, problems: list[str]) -> tuple[str, bool | None]:
    """The optional columns: the province (one of the twelve) and whether it is a koepel."""
    province = _clean(cell.get("province", ""))
    if province:
        known = PROVINCE_ALIASES.get(province.lower())
        if known is None:
            problems.append(
                f"onbekende provincie ‘{province[:40]}’ (kies uit: " + ", ".join(PROVINCES) + ")"
            )
        province = known or ""
    raw_umbrella = _clean(cell.get("umbrella", "")).lower()
    umbrella = YES_NO.get(raw_umbrella) if raw_umbrella else None
    if raw_umbrella and umbrella is None:
        problems.append(f"koepel ‘{raw_umbrella[:20]}’ is geen ja of nee")
    return province, umbrella


def _check_row(line, cell, seen_emails, org_types) -> tuple[ContactRow | None, list[str]]:
    problems = []
    organisation, name = _clean(cell["organisation"]), _clean(cell["name"])
    raw_email = cell["email"].strip()
    if not organisation:
        problems.append("organisatie ontbreekt")
    elif len(organisation) > 200:
        problems.append("organisatienaam is langer dan 200 tekens")
    if not name:
        problems.append("naam ontbreekt")
    elif len(name) > 200:
        problems.append("naam is langer dan 200 tekens")
    org_type = ORG_TYPE_ALIASES.get(_clean(cell["org_type"]).lower())
    if org_type is None:
        problems.append(
            f"onbekend org_type ‘{_clean(cell['org_type'])[:40]}’ (kies uit: "
            + ", ".join(t.value for t in OrgType)
            + ")"
        )
    role = ROLE_ALIASES.get(_clean(cell["role"]).lower().replace("-", " ").replace("_", " "))
    role = role or ROLE_ALIASES.get(_clean(cell["role"]).lower())
    if role is None:
        problems.append(
            f"onbekende rol ‘{_clean(cell['role'])[:40]}’ (kies uit: "
            + ", ".join(r.value for r in ContactRole)
            + ")"
        )
    email = ""
    if any(ch in raw_email for ch in "\r\n\t") or not raw_email:
        problems.append("ongeldig e-mailadres" if raw_email else "e-mailadres ontbreekt")
    else:
        try:
            email = validate_email(raw_email, check_deliverability=False).normalized.lower()
        except EmailNotValidError:
            problems.append(f"ongeldig e-mailadres ‘{raw_email[:60]}’")
    if email:
        if email in seen_emails:
            problems.append(f"e-mailadres {email} staat ook op regel {seen_emails[email]}")
        else:
            seen_emails[email] = line
    if organisation and org_type is not None:
        key = organisation.lower()
        if key in org_types and org_types[key][0] is not org_type:
            first_type, first_line = org_types[key]
            problems.append(
                f"{organisation} is op regel {first_line} een {first_type.value}, "
                f"hier een {org_type.value}"
            )
        org_types.setdefault(key, (org_type, line))
    province, umbrella = _optional_cells(cell, problems)
    if problems:
        return None, problems
    return ContactRow(line, organisation, org_type, name, email, role, province, umbrella), []
