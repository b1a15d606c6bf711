"""Response rate of a wave: invited, opened, started, completed, overall and per group.

One Core query loads the wave's invitations; the counting is plain Python. In per-organisation
waves the unit is the organisation: it counts as opened/started/completed as soon as one of its
contacts did.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select

from analysis.format import nl_date, nl_percent
from surveyapp.clock import local_day
from surveyapp.extensions import db
from surveyapp.models import (
    CONTACT_ROLE_LABELS,
    ORG_TYPE_LABELS,
    Contact,
    ContactRole,
    Invitation,
    Organisation,
    OrgType,
    OutboxMessage,
    OutboxStatus,
    ResponseUnit,
    Wave,
)

STAGES = ("sent_at", "opened_at", "started_at", "completed_at")


@dataclass
class Unit:
    """One contact (or organisation) that is asked to respond."""

    label: str
    organisation: str
    org_type: OrgType
    roles: set[ContactRole]
    emails: list[str]
    sent_at: datetime | None = None
    opened_at: datetime | None = None
    started_at: datetime | None = None
    completed_at: datetime | None = None
    reminder_count: int = 0
    last_reminded_at: datetime | None = None
    mail: set[str] = field(default_factory=set)  # invitation mail states: queued, sent, failed


@dataclass(frozen=True)
class RateRow:
    group: str
    invited: int
    sent: int
    opened: int
    started: int
    completed: int
    queued: int = 0  # invitation mail waiting for the worker
    failed: int = 0  # invitation mail that could not be delivered

    @property
    def percent(self) -> str:
        return nl_percent(self.completed, self.invited)

    @property
    def sentence(self) -> str:
        """E.g. "34 van 41 (83%)"."""
        return f"{self.completed} van {self.invited} ({self.percent})"


@dataclass
class WaveRate:
    unit: ResponseUnit
    overall: RateRow
    by_org_type: list[RateRow]
    by_role: list[RateRow]
    missing: list[Unit]
    completions_by_day: list[tuple[date, int]]  # cumulative
    reminder_days: list[date]
    failed_mail: list[tuple[str, str]] = field(default_factory=list)


def _earliest(a: datetime | None, b: datetime | None) -> datetime | None:
    return min((d for d in (a, b) if d is not None), default=None)


def _mail_states(wave: Wave) -> dict[int, str]:
    """Each invitation's invitation-mail state: queued (pending or sending), sent or failed."""
    states = {
        OutboxStatus.PENDING: "queued",
        OutboxStatus.SENDING: "queued",
        OutboxStatus.SENT: "sent",
        OutboxStatus.FAILED: "failed",
    }
    rows = db.session.execute(
        select(OutboxMessage.invitation_id, OutboxMessage.status).where(
            OutboxMessage.wave_id == wave.id, OutboxMessage.kind == "invitation"
        )
    )
    return {invitation: states[status] for invitation, status in rows if status in states}


def load_units(wave: Wave) -> list[Unit]:
    mail = _mail_states(wave)
    rows = db.session.execute(
        select(
            Invitation.id,
            Contact.name,
            Contact.email,
            Contact.role,
            Organisation.id,
            Organisation.name,
            Organisation.org_type,
            Invitation.sent_at,
            Invitation.opened_at,
            Invitation.started_at,
            Invitation.completed_at,
            Invitation.reminder_count,
            Invitation.last_reminded_at,
        )
        .join(Contact, Contact.id == Invitation.contact_id)
        .join(Organisation, Organisation.id == Contact.organisation_id)
        .where(Invitation.wave_id == wave.id, Invitation.withdrawn_at.is_(None))
        .order_by(Organisation.name, Contact.name)
    ).all()
    per_org = wave.response_unit is ResponseUnit.ORGANISATION
    units: dict[object, Unit] = {}
    for (
        invitation_id,
        name,
        email,
        role,
        org_id,
        org_name,
        org_type,
        *stamps,
        count,
        reminded,
    ) in rows:
        key = org_id if per_org else email
        unit = units.get(key)
        if unit is None:
            unit = units[key] = Unit(org_name if per_org else name, org_name, org_type, set(), [])
        unit.roles.add(role)
        unit.emails.append(email)
        if invitation_id in mail:
            unit.mail.add(mail[invitation_id])
        for stage, stamp in zip(STAGES, stamps, strict=True):
            setattr(unit, stage, _earliest(getattr(unit, stage), stamp))
        unit.reminder_count = max(unit.reminder_count, count or 0)
        unit.last_reminded_at = max(
            (d for d in (unit.last_reminded_at, reminded) if d is not None), default=None
        )
    return list(units.values())


def _row(group: str, units: list[Unit]) -> RateRow:
    return RateRow(
        group,
        len(units),
        *(sum(getattr(u, stage) is not None for u in units) for stage in STAGES),
        queued=sum("queued" in u.mail and u.sent_at is None for u in units),
        failed=sum("failed" in u.mail and u.sent_at is None for u in units),
    )


def wave_rate(wave: Wave) -> WaveRate:
    """Everything the wave dashboard and `flask waves status` show."""
    units = load_units(wave)
    by_type: dict[OrgType, list[Unit]] = defaultdict(list)
    by_role: dict[ContactRole, list[Unit]] = defaultdict(list)
    for unit in units:
        by_type[unit.org_type].append(unit)
        for role in unit.roles:
            by_role[role].append(unit)
    per_day: dict[date, int] = defaultdict(int)
    for unit in units:
        if unit.completed_at is not None:
            per_day[local_day(unit.completed_at)] += 1
    cumulative, total = [], 0
    for day in sorted(per_day):
        total += per_day[day]
        cumulative.append((day, total))
    reminder_days = sorted(
        {
            local_day(d)
            for d in db.session.scalars(
                select(OutboxMessage.created_at).where(
                    OutboxMessage.wave_id == wave.id,
                    OutboxMessage.kind == "reminder",
                    OutboxMessage.status != OutboxStatus.CANCELLED,
                )
            )
        }
    )
    failed = db.session.execute(
        select(OutboxMessage.to_addr, OutboxMessage.last_error).where(
            OutboxMessage.wave_id == wave.id, OutboxMessage.status == OutboxStatus.FAILED
        )
    ).all()
    return WaveRate(
        unit=wave.response_unit,
        overall=_row("Totaal", units),
        by_org_type=[_row(ORG_TYPE_LABELS[t], by_type[t]) for t in OrgType if by_type[t]],
        by_role=[_row(CONTACT_ROLE_LABELS[r], by_role[r]) for r in ContactRole if by_role[r]],
        missing=[u for u in units if u.completed_at is None],
        completions_by_day=cumulative,
        reminder_days=reminder_days,
        failed_mail=[(addr, err or "") for addr, err in failed],
    )


MISSING_HEADER = [
    "organisatie",
    "type",
    "naam",
    "e-mail",
    "rol",
    "uitgenodigd op",
    "herinneringen",
    "laatste herinnering",
]


def missing_rows(rate: WaveRate) -> list[tuple]:
    """Who has not answered yet, one row per unit, for the CSV download (MISSING_HEADER)."""
    return [
        (
            u.organisation,
            u.org_type.label,
            u.label,
            "; ".join(u.emails),
            "; ".join(sorted(r.label for r in u.roles)),
            nl_date(u.sent_at),
            u.reminder_count,
            nl_date(u.last_reminded_at),
        )
        for u in rate.missing
    ]
