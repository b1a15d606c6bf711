"""The API's request and response bodies (marshmallow); the OpenAPI document is made from them."""

from __future__ import annotations

from datetime import UTC

from marshmallow import Schema, ValidationError, fields, validate

from surveyapp.inputs import NUL_MESSAGE, NulCharacter, clean_text
from surveyapp.models import ContactRole, OrgType


class Text(fields.String):
    """A string under the app's input policy: NUL refused, other control characters dropped."""

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        try:
            return clean_text(text)
        except NulCharacter:
            raise ValidationError(NUL_MESSAGE) from None


class Utc(fields.DateTime):
    """A stored (naive UTC) time written as RFC 3339 with its offset: 2026-11-30T09:13:39Z."""

    def _serialize(self, value, attr, obj, **kwargs):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC, microsecond=0)
        return super()._serialize(value, attr, obj, **kwargs)


class Problem(Schema):
    """An error (RFC 9457): `type` is stable per kind of error, `detail` says what to do."""

    type = fields.String(required=True)
    title = fields.String(required=True)
    status = fields.Integer(required=True)
    detail = fields.String(required=True)
    instance = fields.String()
    errors = fields.Raw(metadata={"description": "Per field or per line: what is wrong."})


class Paging(Schema):
    """limit/offset paging of every list; `offset` past the end is a 400 problem."""

    limit = fields.Integer(load_default=100, validate=validate.Range(1, 1000))
    offset = fields.Integer(load_default=0, validate=validate.Range(0, 10_000_000))


class Page(Schema):
    total = fields.Integer(required=True, metadata={"description": "Items in the whole list."})
    limit = fields.Integer(required=True)
    offset = fields.Integer(required=True)
    next_offset = fields.Integer(
        allow_none=True, metadata={"description": "Offset of the next page; null on the last."}
    )


# --- survey versions -------------------------------------------------------------------


class SurveyVersionOut(Schema):
    id = fields.Integer(required=True)
    slug = fields.String(required=True)
    version = fields.Integer(required=True)
    title = fields.String(required=True)
    definition_hash = fields.String(required=True)
    created_at = Utc(required=True)
    frozen = fields.Boolean(required=True, metadata={"description": "Used by a wave: fixed."})
    wave_ids = fields.List(fields.Integer(), required=True)


class SurveyVersionDetail(SurveyVersionOut):
    definition = fields.Dict(required=True, metadata={"description": "The survey as JSON."})


class SurveyVersionPage(Page):
    items = fields.List(fields.Nested(SurveyVersionOut), required=True)


# --- waves -----------------------------------------------------------------------------

STATES = ["draft", "open", "closed"]
ANONYMITY = ["identified", "anonymous"]
UNITS = ["survey", "contact", "organisation"]
ORG_TYPES = [t.value for t in OrgType]
ROLES = [r.value for r in ContactRole]


class WaveOut(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    slug = fields.String(required=True)
    state = fields.String(required=True, validate=validate.OneOf(STATES))
    survey_version_id = fields.Integer(required=True)
    survey_slug = fields.String(required=True)
    opens_at = Utc(allow_none=True, required=True)
    closes_at = Utc(allow_none=True, required=True)
    period = fields.Integer(allow_none=True, required=True)
    anonymity = fields.String(required=True, validate=validate.OneOf(ANONYMITY))
    response_unit = fields.String(required=True)
    invited = fields.Integer(required=True, metadata={"description": "Contacts invited."})
    completed = fields.Integer(
        required=True, metadata={"description": "Submitted responses (and interviews)."}
    )


class WavePage(Page):
    items = fields.List(fields.Nested(WaveOut), required=True)


class WaveIn(Schema):
    """A new wave, with the same rules as the form on the coordinator's page."""

    survey_version_id = fields.Integer(required=True, strict=True)
    name = Text(required=True, validate=validate.Length(1, 200))
    slug = Text(required=True, validate=validate.Regexp(r"^[a-z0-9][a-z0-9-]{0,99}$"))
    opens_on = fields.Date(allow_none=True, load_default=None)
    closes_on = fields.Date(required=True)
    period = fields.Integer(
        allow_none=True, load_default=None, strict=True, validate=validate.Range(1990, 2100)
    )
    org_types = fields.List(fields.String(validate=validate.OneOf(ORG_TYPES)), load_default=list)
    roles = fields.List(fields.String(validate=validate.OneOf(ROLES)), load_default=list)
    contact_emails = fields.List(
        Text(validate=validate.Length(1, 254)),
        load_default=list,
        validate=validate.Length(max=5000),
    )
    anonymity = fields.String(load_default="identified", validate=validate.OneOf(ANONYMITY))
    response_unit = fields.String(load_default="survey", validate=validate.OneOf(UNITS))
    allow_edit_after_submit = fields.Boolean(load_default=True)
    max_reminders = fields.Integer(load_default=3, strict=True, validate=validate.Range(0, 10))
    reminder_interval_days = fields.Integer(
        load_default=7, strict=True, validate=validate.Range(1, 60)
    )
    auto_reminders = fields.Boolean(load_default=False)


class Queued(Schema):
    queued = fields.Integer(required=True, metadata={"description": "Mails put in the outbox."})
    message = fields.String(required=True)


# --- organisations and contacts --------------------------------------------------------


class OrganisationOut(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    org_type = fields.String(required=True)
    code = fields.String(allow_none=True, required=True)
    province = fields.String(allow_none=True, required=True)
    active = fields.Boolean(required=True)


class OrganisationPage(Page):
    items = fields.List(fields.Nested(OrganisationOut), required=True)


class ContactOut(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    email = fields.String(required=True)
    role = fields.String(required=True)
    organisation_id = fields.Integer(required=True)
    organisation = fields.String(required=True)
    active = fields.Boolean(required=True)


class ContactPage(Page):
    items = fields.List(fields.Nested(ContactOut), required=True)


class ContactRowIn(Schema):
    """One contact, with the columns of the contacts CSV (docs/imports.md)."""

    organisation = Text(required=True, validate=validate.Length(max=300))
    org_type = Text(required=True, validate=validate.Length(max=100))
    name = Text(required=True, validate=validate.Length(max=300))
    email = Text(required=True, validate=validate.Length(max=300))
    role = Text(required=True, validate=validate.Length(max=100))
    province = Text(load_default="", validate=validate.Length(max=100))


class ContactImportIn(Schema):
    contacts = fields.List(
        fields.Nested(ContactRowIn), required=True, validate=validate.Length(1, 5_000)
    )


class ContactImportOut(Schema):
    organisations_added = fields.Integer(required=True)
    contacts_added = fields.Integer(required=True)
    contacts_updated = fields.Integer(required=True)
    unchanged = fields.Integer(required=True)


# --- invitations and the response rate ---------------------------------------------------


class InvitationOut(Schema):
    """One unit asked to respond: a contact, or an organisation when one answer suffices."""

    label = fields.String(required=True)
    organisation = fields.String(required=True)
    org_type = fields.String(required=True)
    roles = fields.List(fields.String(), required=True)
    emails = fields.List(fields.String(), required=True)
    mail = fields.List(
        fields.String(),
        required=True,
        metadata={"description": "Invitation mail states: queued, sent, failed."},
    )
    sent_at = Utc(allow_none=True, required=True)
    opened_at = Utc(allow_none=True, required=True)
    started_at = Utc(allow_none=True, required=True)
    completed_at = Utc(allow_none=True, required=True)
    reminder_count = fields.Integer(required=True)


class InvitationPage(Page):
    items = fields.List(fields.Nested(InvitationOut), required=True)


class RateRowOut(Schema):
    group = fields.String(required=True, metadata={"description": "org type or role value"})
    label = fields.String(required=True)
    invited = fields.Integer(required=True)
    queued = fields.Integer(required=True)
    sent = fields.Integer(required=True)
    failed = fields.Integer(required=True)
    opened = fields.Integer(required=True)
    started = fields.Integer(required=True)
    completed = fields.Integer(required=True)
    rate = fields.Float(
        required=True,
        allow_none=True,
        metadata={"description": "completed / invited; null when none invited"},
    )


class DayCount(Schema):
    day = fields.Date(required=True)
    completed = fields.Integer(required=True, metadata={"description": "cumulative"})


class ResponseRateOut(Schema):
    wave_id = fields.Integer(required=True)
    response_unit = fields.String(required=True)
    overall = fields.Nested(RateRowOut, required=True)
    by_org_type = fields.List(fields.Nested(RateRowOut), required=True)
    by_role = fields.List(fields.Nested(RateRowOut), required=True)
    completed_by_day = fields.List(fields.Nested(DayCount), required=True)
    reminder_days = fields.List(fields.Date(), required=True)
    next_reminder = fields.String(allow_none=True, required=True)


# --- results, answers, monitoring, dashboard ---------------------------------------------


class AnswersQuery(Schema):
    format = fields.String(load_default="ndjson", validate=validate.OneOf(["ndjson", "csv"]))
    shape = fields.String(load_default="long", validate=validate.OneOf(["long", "wide"]))


class MonitoringOut(Schema):
    slug = fields.String(required=True)
    title = fields.String(required=True)
    tables = fields.Dict(
        keys=fields.String(),
        values=fields.Dict(),
        required=True,
        metadata={"description": "Each table: {header: [...], rows: [[...]]}"},
    )


class MonitoringListItem(Schema):
    slug = fields.String(required=True)
    title = fields.String(required=True)


class MonitoringList(Schema):
    items = fields.List(fields.Nested(MonitoringListItem), required=True)


class DashboardRoundOut(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    year = fields.Integer(required=True)
    wave_id = fields.Integer(allow_none=True, required=True)


class DashboardRoundPage(Page):
    items = fields.List(fields.Nested(DashboardRoundOut), required=True)


class DashboardEntryOut(Schema):
    id = fields.Integer(required=True)
    article = fields.String(required=True)
    summary = fields.String(required=True)
    status = fields.String(required=True)
    explanation = fields.String(required=True)
    grades = fields.List(fields.String(), required=True)


class DashboardEntries(Schema):
    round = fields.Nested(DashboardRoundOut, required=True)
    items = fields.List(fields.Nested(DashboardEntryOut), required=True)


class DashboardEntryIn(Schema):
    """The fields of one article, as on its edit page (the article number may change too)."""

    article = Text(validate=validate.Length(1, 20))
    summary = Text(required=True, validate=validate.Length(max=2000))
    status = Text(
        required=True,
        validate=validate.Length(max=50),
        metadata={"description": "op_schema, deels, niet or nvt (or the words on the page)"},
    )
    explanation = Text(load_default="", validate=validate.Length(max=10_000))
    grades = fields.List(
        Text(validate=validate.Length(max=100)), load_default=list, validate=validate.Length(max=50)
    )
