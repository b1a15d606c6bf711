"""A wave's privacy notice: an editable part (controller, purpose, legal ground, whom to ask;
its default comes from the settings) and a part the app writes from what the wave really
stores: whether it is anonymous and what that means, and how long what is kept."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from flask import current_app

from analysis.format import nl_date
from surveyapp.models import Wave

MAX_NOTICE_CHARS = 10_000
ANONYMOUS_WORD = re.compile(r"\banoni", re.IGNORECASE)


class NoticeError(ValueError):
    """A notice text that may not be stored; the message is Dutch and says what to change."""


@dataclass(frozen=True)
class Notice:
    """What the respondent reads: the editable paragraphs, then the app's own facts."""

    text: str
    facts: list[str]
    ends: datetime | None  # when the personal data is removed (None: the wave has not ended)


def contact_address() -> str:
    return current_app.config.get("PRIVACY_CONTACT") or current_app.config["CONTACT_EMAIL"]


def default_text(wave: Wave) -> str:
    """The editable part as the settings say it, for a wave that has no text of its own."""
    cfg = current_app.config
    return (
        f"{cfg['PRIVACY_CONTROLLER'][:1].upper()}{cfg['PRIVACY_CONTROLLER'][1:]} is "
        f"verantwoordelijk voor de verwerking van uw gegevens in de uitvraag ‘{wave.name}’.\n\n"
        f"Wij gebruiken uw naam, e-mailadres en organisatie om u uit te nodigen en zo nodig te "
        f"herinneren, en uw antwoorden voor {cfg['PRIVACY_PURPOSE']}. De grondslag is "
        f"{cfg['PRIVACY_LEGAL_GROUND']}.\n\n"
        f"Wilt u weten welke gegevens wij van u hebben, ze laten verbeteren of verwijderen? Mail "
        f"naar {contact_address()}. Wij antwoorden binnen een maand."
    )


def check_text(text: str, wave: Wave) -> str:
    """The text as stored; NoticeError when it is too long or calls a traceable wave anonymous."""
    text = (text or "").strip()
    if not text:
        raise NoticeError("Vul een privacytekst in, of zet de standaardtekst terug.")
    if len(text) > MAX_NOTICE_CHARS:
        raise NoticeError(f"De privacytekst is langer dan {MAX_NOTICE_CHARS} tekens.")
    if not wave.anonymous and ANONYMOUS_WORD.search(text):
        raise NoticeError(
            "Deze uitvraag is herleidbaar: de antwoorden zijn te koppelen aan de organisatie. De "
            "privacytekst mag dan niet ‘anoniem’ zeggen. Haal dat woord weg, of maak de uitvraag "
            "anoniem zolang ze nog een concept is."
        )
    return text


def public_per_organisation(wave: Wave) -> bool:
    """A yearly return (a count table): its figures are published per authority."""
    from surveyapp.definitions import get_type, survey_of

    return any(get_type(q.type).count_table for q in survey_of(wave.survey_version).questions)


def facts(wave: Wave, ends: datetime | None, months: int, min_n: int) -> list[str]:
    """The paragraphs the app writes itself, from what the wave stores and the retention."""
    when = f"op {nl_date(ends)}" if ends else f"{months} maanden nadat de uitvraag is gesloten"
    if wave.anonymous:
        kept = [
            "Deze uitvraag is anoniem. Dat betekent: uw antwoorden worden bewaard zonder uw "
            "naam, uw e-mailadres, uw organisatie of uw persoonlijke link. Alleen het type "
            "organisatie (bijvoorbeeld ‘gemeente’) en de dag van insturen blijven erbij. "
            "Antwoorden worden pas samengevoegd als er genoeg zijn, zodat uit het moment van "
            "insturen niet blijkt wie wat antwoordde.",
            "Wel bewaren wij óf u de vragenlijst heeft ingestuurd (niet wát), zodat u geen "
            "herinneringen meer krijgt. Resultaten worden pas getoond als de uitvraag gesloten "
            f"is, en alleen voor groepen van ten minste {min_n} antwoorden.",
        ]
    elif public_per_organisation(wave):
        kept = [
            "Deze uitvraag is herleidbaar: uw opgave wordt bewaard bij uw organisatie. De "
            "aantallen zijn openbaar per bevoegd gezag: de monitoring toont ze per organisatie "
            "en telt ze op tot landelijke en provinciale tabellen.",
        ]
    else:
        kept = [
            "Deze uitvraag is herleidbaar: uw antwoorden worden bewaard bij uw organisatie en "
            "het evaluatieteam kan zien welke organisatie wat antwoordde. Resultaten worden "
            f"alleen samengevat gepubliceerd, voor groepen van ten minste {min_n} antwoorden.",
        ]
    kept.append(
        f"Uw persoonlijke link, de e-mails aan u en de tijden waarop u de vragenlijst opende "
        f"en invulde, worden {when} verwijderd. "
        + (
            "Daarna blijven alleen de anonieme antwoorden en de samengevatte resultaten."
            if wave.anonymous
            else "Daarna blijven alleen de antwoorden per organisatie, zonder koppeling aan uw "
            "naam, en de samengevatte resultaten."
        )
    )
    return kept


def notice_of(wave: Wave) -> Notice:
    """The wave's notice as the respondent reads it."""
    from surveyapp.privacy.retention import months_of, retention_ends

    ends = retention_ends(wave)
    text = wave.privacy_text or default_text(wave)
    cfg = current_app.config
    return Notice(text, facts(wave, ends, months_of(wave), cfg["RESULTS_MIN_N"]), ends)
