"""Invitation and reminder texts: Dutch Jinja templates, editable per wave, rendered safely.

Coordinators edit these texts, so they are rendered in Jinja's sandbox with only the
placeholders below; the HTML part is made from the rendered text with everything escaped.
A text may only use the placeholders, a few text filters and `{% if %}`: no loops, calls,
arithmetic or attribute access, so no text can keep a worker busy or fill its memory
(`allowed_template`, checked when a text is saved and again before it is rendered).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from jinja2 import StrictUndefined, TemplateError, nodes
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import escape

from analysis.format import nl_date

PLACEHOLDERS = {
    "naam": "de naam van de contactpersoon",
    "organisatie": "de organisatie",
    "uitvraag": "de naam van de uitvraag",
    "vragenlijst": "de titel van de vragenlijst",
    "link": "de persoonlijke link",
    "sluitingsdatum": "de sluitingsdatum (dd-mm-jjjj)",
    "contact": "het e-mailadres voor vragen",
    "duur": "hoe lang het invullen ongeveer duurt (uit de vragenlijst)",
    "privacy": "de link naar de privacyverklaring van de uitvraag",
}
PREVIEW_LINK = "[de persoonlijke link van de contactpersoon]"  # a preview opens nothing

DEFAULT_INVITATION_SUBJECT = "Uitnodiging: {{ vragenlijst }}"
DEFAULT_INVITATION_BODY = """Beste {{ naam }},

Graag nodigen wij u uit om namens {{ organisatie }} de vragenlijst voor de {{ uitvraag }} in te vullen. Uw antwoorden helpen ons de samenwerking en de resultaten van het convenant goed te beoordelen.

Het invullen kost ongeveer {{ duur }}. Uw antwoorden worden per pagina bewaard, dus u kunt tussendoor stoppen en later met dezelfde link verdergaan.

Uw persoonlijke link:
{{ link }}

U kunt de vragenlijst invullen tot en met {{ sluitingsdatum }}. Deze link is persoonlijk; stuur hem niet door.

Heeft u vragen? Mail dan naar {{ contact }}. Wat wij met uw gegevens doen en hoe lang wij ze bewaren, leest u op {{ privacy }}

Met vriendelijke groet,
Het evaluatieteam
"""  # noqa: E501
DEFAULT_REMINDER_SUBJECT = "Herinnering: {{ vragenlijst }}"
DEFAULT_REMINDER_BODY = """Beste {{ naam }},

Enige tijd geleden hebben wij u uitgenodigd om namens {{ organisatie }} de vragenlijst voor de {{ uitvraag }} in te vullen. Wij hebben uw antwoorden nog niet ontvangen. Uw bijdrage is belangrijk: hoe meer organisaties antwoorden, hoe beter het beeld.

U kunt verder waar u was gebleven via uw persoonlijke link:
{{ link }}

De vragenlijst sluit op {{ sluitingsdatum }}.

Heeft u al geantwoord of vragen? Mail dan naar {{ contact }}. Wat wij met uw gegevens doen, leest u op {{ privacy }}

Met vriendelijke groet,
Het evaluatieteam
"""  # noqa: E501

_env = SandboxedEnvironment(autoescape=False, undefined=StrictUndefined, keep_trailing_newline=True)
_URL = re.compile(r"https?://[^\s<>\"']+")


@dataclass(frozen=True)
class RenderedMail:
    subject: str
    text: str
    html: str


class MailTemplateError(ValueError):
    """The text cannot be rendered; the message is Dutch and says where."""


ALLOWED_NODES = (
    nodes.Template, nodes.Output, nodes.TemplateData, nodes.Name, nodes.Const, nodes.If,
    nodes.Filter, nodes.Compare, nodes.Operand, nodes.And, nodes.Or, nodes.Not, nodes.CondExpr,
    nodes.Concat,
)  # fmt: skip
ALLOWED_FILTERS = {"upper", "lower", "capitalize", "title", "trim", "default", "d"}
MAX_TEMPLATE_CHARS = 20_000
MAX_NESTING = 10  # {% if %} inside {% if %}, or brackets inside brackets
TAG = re.compile(r"\{%-?\s*(if|endif)\b|[()\[\]]")


def _nesting(source: str) -> int:
    """How deep `{% if %}` blocks and brackets nest, by a scan of the text (before Jinja parses
    it: a parser recurses once per level, and 400 levels exhaust its stack)."""
    deepest = ifs = brackets = 0
    for match in TAG.finditer(source):
        part = match.group(1) or match.group(0)
        if part == "if":
            ifs += 1
        elif part == "endif":
            ifs -= 1
        elif part in "([":
            brackets += 1
        else:
            brackets -= 1
        deepest = max(deepest, ifs, brackets)
    return deepest


def allowed_template(source: str) -> None:
    """Raise MailTemplateError (Dutch) for anything but placeholders, text filters and if."""
    known = ", ".join("{{ " + k + " }}" for k in PLACEHOLDERS)
    if len(source) > MAX_TEMPLATE_CHARS:
        raise MailTemplateError(
            f"De tekst bevat een fout: ze is langer dan {MAX_TEMPLATE_CHARS} tekens."
        )
    if _nesting(source) > MAX_NESTING:
        raise MailTemplateError(
            f"De tekst bevat een fout: {{% if %}}-blokken of haakjes zijn meer dan {MAX_NESTING} "
            "keer in elkaar genest. Maak de tekst eenvoudiger."
        )
    try:
        tree = _env.parse(source)
    except TemplateError as err:
        where = f" (regel {err.lineno})" if getattr(err, "lineno", None) else ""
        raise MailTemplateError(
            f"De tekst bevat een fout{where}: {err.message}. Beschikbare velden: {known}."
        ) from err
    for node in tree.find_all(nodes.Node):
        if isinstance(node, nodes.Name) and node.name not in PLACEHOLDERS:
            raise MailTemplateError(
                f"De tekst bevat een fout (regel {node.lineno}): het veld ‘{node.name}’ bestaat "
                f"niet. Beschikbare velden: {known}."
            )
        if isinstance(node, nodes.Filter) and node.name not in ALLOWED_FILTERS:
            raise MailTemplateError(
                f"De tekst bevat een fout (regel {node.lineno}): het filter ‘{node.name}’ is in "
                f"e-mailteksten niet toegestaan. Wel: {', '.join(sorted(ALLOWED_FILTERS))}."
            )
        if not isinstance(node, ALLOWED_NODES):
            raise MailTemplateError(
                f"De tekst bevat een fout (regel {node.lineno}): in e-mailteksten zijn alleen "
                f"velden ({known}), de filters {', '.join(sorted(ALLOWED_FILTERS))} en "
                "{% if %} toegestaan, geen lus, berekening of functieaanroep. Haal dat weg."
            )


def check_template(source: str) -> None:
    """Raise MailTemplateError when a text is not allowed or does not render."""
    render_text(source, {k: "x" for k in PLACEHOLDERS})


def render_text(source: str, context: dict[str, str]) -> str:
    allowed_template(source)
    try:
        return _env.from_string(source).render(**context)
    except TemplateError as err:
        where = f" (regel {err.lineno})" if getattr(err, "lineno", None) else ""
        known = ", ".join("{{ " + k + " }}" for k in PLACEHOLDERS)
        raise MailTemplateError(
            f"De tekst bevat een fout{where}: {err.message}. Beschikbare velden: {known}."
        ) from err


def text_to_html(text: str) -> str:
    """Escaped paragraphs with clickable links; nothing from the text is trusted as HTML."""
    paragraphs = []
    for block in re.split(r"\n\s*\n", text.strip()):
        escaped = str(escape(block))
        linked = _URL.sub(lambda m: f'<a href="{m.group(0)}">{m.group(0)}</a>', escaped)
        paragraphs.append("<p>" + linked.replace("\n", "<br>\n") + "</p>")
    body = "\n".join(paragraphs)
    return (
        '<!doctype html>\n<html lang="nl"><head><meta charset="utf-8"></head>\n'
        '<body style="font-family: Arial, sans-serif; line-height: 1.5">\n'
        f"{body}\n</body></html>\n"
    )


def mail_context(
    invitation, base_url: str, contact_email: str, preview: bool = False
) -> dict[str, str]:
    """The placeholders for one invitation; a preview shows a stand-in for the link, so that
    opening it neither works nor counts the contact's link as opened."""
    from surveyapp.definitions import survey_of

    wave = invitation.wave
    minutes = survey_of(wave.survey_version).estimated_minutes
    return {
        "naam": invitation.contact.name,
        "organisatie": invitation.contact.organisation.name,
        "uitvraag": wave.name,
        "vragenlijst": wave.survey_version.title,
        "link": PREVIEW_LINK if preview else f"{base_url}/r/{invitation.token}",
        "sluitingsdatum": nl_date(wave.closes_at) if wave.closes_at else "de sluitingsdatum",
        "contact": contact_email,
        "duur": f"{minutes} minuten" if minutes else "een kwartier",
        "privacy": f"{base_url}/privacy/{wave.slug}",
    }


def render_mail(
    kind: str, invitation, base_url: str, contact_email: str, preview: bool = False
) -> RenderedMail:
    """The invitation or reminder for one invitation, with the wave's own texts if set."""
    wave = invitation.wave
    if kind == "invitation":
        subject_src = wave.invitation_subject or DEFAULT_INVITATION_SUBJECT
        body_src = wave.invitation_body or DEFAULT_INVITATION_BODY
    else:
        subject_src = wave.reminder_subject or DEFAULT_REMINDER_SUBJECT
        body_src = wave.reminder_body or DEFAULT_REMINDER_BODY
    context = mail_context(invitation, base_url, contact_email, preview)
    subject = " ".join(render_text(subject_src, context).split())  # no header injection
    text = render_text(body_src, context)
    if context["privacy"] not in text:  # a wave's own text always links to its notice too
        text = text.rstrip("\n") + f"\n\nPrivacy: {context['privacy']}\n"
    return RenderedMail(subject=subject[:300], text=text, html=text_to_html(text))
