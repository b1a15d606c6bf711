"""Writes of the privacy area that the coordinator's wave page makes: the notice and the
retention period (a longer period needs a reason; both are audit-logged)."""

from __future__ import annotations

from surveyapp.audit import audit
from surveyapp.errors import DomainError
from surveyapp.extensions import db
from surveyapp.models import Wave
from surveyapp.privacy.notice import NoticeError, check_text, default_text
from surveyapp.privacy.retention import extend, months_of


def save_wave_privacy(wave: Wave, text: str, months: int, reason: str, actor=None) -> None:
    """Store the notice (the default text is stored as None, so it follows the settings) and
    the period; DomainError (Dutch) when either may not be stored. Writes nothing then."""
    if wave.purged_at is not None:
        raise DomainError("De persoonsgegevens van deze uitvraag zijn al verwijderd.")
    try:
        text = check_text(text, wave)
    except NoticeError as err:
        raise DomainError(str(err)) from None
    own = None if " ".join(text.split()) == " ".join(default_text(wave).split()) else text
    if own != wave.privacy_text:
        wave.privacy_text = own
        db.session.flush()
        audit(actor, "wave.privacy", wave, default=own is None)
    if months != months_of(wave):
        extend(wave, months, reason, actor)
