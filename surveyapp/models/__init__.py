"""SQLAlchemy models; importing this package registers every table."""

from surveyapp.models.api_token import ApiToken
from surveyapp.models.base import utcnow
from surveyapp.models.cache import ResultsCache
from surveyapp.models.dashboard import ArticleStatus, DashboardEntry, DashboardRound
from surveyapp.models.organisation import (
    CONTACT_ROLE_LABELS,
    ORG_TYPE_ALIASES,
    ORG_TYPE_LABELS,
    PROVINCE_ALIASES,
    PROVINCES,
    Contact,
    ContactRole,
    Organisation,
    OrgType,
)
from surveyapp.models.outbox import AuditEvent, OutboxMessage, OutboxStatus
from surveyapp.models.response import (
    Answer,
    Invitation,
    PendingSubmission,
    Response,
    ResponseSource,
    ResponseStatus,
    new_token,
    random_id,
)
from surveyapp.models.staff import StaffRole, StaffUser
from surveyapp.models.survey import SurveyVersion, definition_hash
from surveyapp.models.wave import Anonymity, ResponseUnit, Wave, WaveState

__all__ = [
    "CONTACT_ROLE_LABELS",
    "ORG_TYPE_ALIASES",
    "ORG_TYPE_LABELS",
    "PROVINCES",
    "PROVINCE_ALIASES",
    "Anonymity",
    "Answer",
    "ApiToken",
    "ArticleStatus",
    "AuditEvent",
    "Contact",
    "ContactRole",
    "DashboardEntry",
    "DashboardRound",
    "Invitation",
    "OrgType",
    "Organisation",
    "OutboxMessage",
    "OutboxStatus",
    "PendingSubmission",
    "Response",
    "ResponseSource",
    "ResponseStatus",
    "ResponseUnit",
    "ResultsCache",
    "StaffRole",
    "StaffUser",
    "SurveyVersion",
    "Wave",
    "WaveState",
    "definition_hash",
    "new_token",
    "random_id",
    "utcnow",
]
