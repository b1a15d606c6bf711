"""The loader's problems in Dutch, for the Vragenlijsten page (the CLI keeps them in English).

One pattern per message of `loader`, `checks` and the question types; a message without a
pattern (a new one) is shown as it is, so nothing is ever hidden."""

from __future__ import annotations

import re

_PATTERNS: list[tuple[str, str]] = [
    (
        r"the file must contain a mapping with format, slug, title and sections",
        "het bestand moet format, slug, title en sections bevatten",
    ),
    (
        r"must be (\d+) \(the only format this version understands\)",
        r"moet \1 zijn (het enige formaat dat deze versie kent)",
    ),
    (
        r"must be lower-case letters, digits and hyphens, e\.g\. (.+)",
        r"alleen kleine letters, cijfers en koppeltekens, bijvoorbeeld \1",
    ),
    (r"must be between (\S+) and (\S+)", r"moet tussen \1 en \2 liggen"),
    (r"must be a non-empty list of sections", "moet een niet-lege lijst van secties zijn"),
    (r"must be a non-empty list of questions", "moet een niet-lege lijst van vragen zijn"),
    (r"must be a non-empty list of options", "moet een niet-lege lijst van antwoordopties zijn"),
    (r"must be a non-empty list", "moet een niet-lege lijst zijn"),
    (r"has (\d+) sections; at most (\d+) are allowed", r"heeft \1 secties; ten hoogste \2 mogen"),
    (r"has (\d+) questions; at most (\d+) are allowed", r"heeft \1 vragen; ten hoogste \2 mogen"),
    (
        r"must be a mapping with key, title and questions",
        "moet een sectie zijn met key, title en questions",
    ),
    (r"must be a mapping with key, type and text", "moet een vraag zijn met key, type en text"),
    (
        r"must start with a letter: a-z, 0-9 and (single )?_ only",
        "moet met een letter beginnen; alleen a-z, 0-9 en een enkele _",
    ),
    (r"duplicate section key '(.+)'", r"de sectiecode ‘\1’ komt twee keer voor"),
    (
        r"duplicate question key '(.+)'",
        r"de vraagcode ‘\1’ komt twee keer voor; elke vraag heeft een eigen code",
    ),
    (r"duplicate option value '(.+)'", r"de antwoordwaarde ‘\1’ komt twee keer voor"),
    (r"duplicate key '(.+)'", r"de sleutel ‘\1’ staat er twee keer"),
    (r"must be one of: (.+)", r"moet een van deze vraagtypes zijn: \1"),
    (r"unknown key '(.+)'; allowed here: (.+)", r"onbekende sleutel ‘\1’; hier mogen: \2"),
    (r"is required and must be a non-empty text", "is verplicht en mag niet leeg zijn"),
    (r"must be a non-empty text", "mag niet leeg zijn"),
    (r"must be a text or a mapping with (.+)", r"moet een tekst zijn of een optie met \1"),
    (
        r"must be a text question on the same page as '(.+)'",
        r"moet een tekstvraag zijn op dezelfde pagina als ‘\1’",
    ),
    (r"must be a text", "moet een tekst zijn"),
    (r"must be a whole number of at least 1", "moet een geheel getal van minstens 1 zijn"),
    (r"must be a whole number", "moet een geheel getal zijn"),
    (r"must be a number", "moet een getal zijn"),
    (r"must be true or false", "moet true of false zijn"),
    (r"must be a short tag such as (.+)", r"moet een korte code zijn, zoals \1"),
    (r"must be a short text such as (.+)", r"moet een korte tekst zijn, zoals \1"),
    (
        r"'(.+)' points forward \(or to itself\); show_if can only refer to an earlier question",
        r"‘\1’ staat verderop (of is de vraag zelf); een voorwaarde kan alleen naar een eerdere "
        "vraag verwijzen",
    ),
    (r"'(.+)' is not a question of this survey", r"‘\1’ is geen vraag van deze vragenlijst"),
    (r"choose one of the question's timepoints: (.+)", r"kies een van de meetmomenten: \1"),
    (r"the question has no timepoints", "de vraag heeft geen meetmomenten"),
    (
        r"needs one of equals, in, at_most or at_least",
        "heeft een van equals, in, at_most of at_least nodig",
    ),
    (r"use one of equals or in, or at_most/at_least", "gebruik equals of in, of at_most/at_least"),
    (
        r"must be among the question's values (.+)",
        r"moet een van de antwoordwaarden van die vraag zijn: \1",
    ),
    (
        r"only works on questions whose answers are numbers",
        "werkt alleen bij vragen waarvan het antwoord een getal is",
    ),
    (r"must be a mapping such as (.+)", r"moet een voorwaarde zijn zoals \1"),
    (
        r"a scale needs a list of at least two labels",
        "een schaal heeft een lijst van minstens twee labels nodig",
    ),
    (r"empty scale: give a list of at least two labels", "lege schaal: geef minstens twee labels"),
    (r"every label must be a non-empty text", "elk label moet een niet-lege tekst zijn"),
    (r"a (grade )?scale has at most (\d+) points", r"een schaal heeft ten hoogste \2 punten"),
    (
        r"empty (?:scale|range): min \((.+)\) must be below max \((.+)\)",
        r"min (\1) moet kleiner zijn dan max (\2)",
    ),
    (r"use either labels or scale, not both", "gebruik labels of scale, niet allebei"),
    (
        r"unknown scale '(.+)'; define it under scales",
        r"onbekende schaal ‘\1’; leg haar vast onder scales",
    ),
    (
        r"unknown timepoint '(.+)'; define it first",
        r"onbekend meetmoment ‘\1’; leg het eerst vast onder timepoints",
    ),
    (
        r"needs at least two different timepoints",
        "heeft minstens twee verschillende meetmomenten nodig",
    ),
    (r"must be a list such as (.+)", r"moet een lijst zijn zoals \1"),
    (
        r"value 'anders' is reserved for other: true",
        "de waarde ‘anders’ is gereserveerd voor other: true",
    ),
    (r"needs a value", "heeft een waarde nodig"),
    (r"needs a non-empty label", "heeft een niet-leeg label nodig"),
    (r"must contain \{pct\}", "moet {pct} bevatten"),
    (r"a count table has at most (\d+) cells", r"een telltabel heeft ten hoogste \1 cellen"),
    (r"not valid YAML: (.+)", r"geen geldige YAML: \1"),
    (r"line (\d+), column (\d+)", r"regel \1, kolom \2"),
    (r"(?:file )?larger than ([\d,]+) bytes", r"groter dan \1 bytes"),
    (r"contains a NUL character", "bevat een NUL-teken"),
]
_COMPILED = [(re.compile(f"^{p}$"), r) for p, r in _PATTERNS]


def in_dutch(message: str) -> str:
    """The message in Dutch when it is one of the loader's; otherwise unchanged."""
    for pattern, replacement in _COMPILED:
        if pattern.match(message):
            return pattern.sub(replacement, message)
    return message
