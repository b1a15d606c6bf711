"""Read a LimeSurvey survey export (.lss, LimeSurvey 2.x to 6.x) into surveyapp's source form.

The XML holds tables as <table><rows><row>…: groups, questions, subquestions and answers, and
from LimeSurvey 4 on their texts in *_l10ns tables. Only the base language is carried; every
question is either carried or listed as not carried with the reason (docs/interchange.md).
"""

from __future__ import annotations

import html
import re
from typing import Any

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

from surveyapp.interchange.report import Conversion, safe_key

# LimeSurvey question types surveyapp does not hold, with the reason the report gives.
NOT_CARRIED = {
    "*": "vergelijking (equation)", "|": "bestand uploaden", "R": "rangschikking (ranking)",
    "D": "datum", "I": "taalkeuze", "X": "alleen tekst (boilerplate)",
}  # fmt: skip
FIXED = {
    "Y": [("y", "Ja"), ("n", "Nee")],
    "G": [("f", "Vrouw"), ("m", "Man")],
    "C": [("y", "Ja"), ("u", "Onzeker"), ("n", "Nee")],
    "E": [("i", "Toename"), ("s", "Gelijk"), ("d", "Afname")],
}
ARRAYS = set("ABFH1;:CEKQ")  # one question per subquestion (per cell for ; and :)
_TAGS = re.compile(r"<[^>]+>")


def _plain(text: str | None) -> str:
    """LimeSurvey stores texts as HTML: tags out, entities decoded, spaces collapsed."""
    text = _TAGS.sub(" ", text or "")
    return " ".join(html.unescape(text).split())


def _table(root, name: str) -> list[dict[str, str]]:
    table = root.find(name)
    if table is None or table.find("rows") is None:
        return []
    return [
        {child.tag: (child.text or "") for child in row}
        for row in table.find("rows").findall("row")
    ]


class _Survey:
    """The export's tables in the base language, joined the way LimeSurvey joins them."""

    def __init__(self, root, c: Conversion) -> None:
        survey = (_table(root, "surveys") or [{}])[0]
        self.language = survey.get("language", "")
        others = survey.get("additional_languages", "").split()
        if others:
            c.notes.append(f"Alleen de basistaal ({self.language}) is overgenomen; niet: "
                           f"{', '.join(others)}.")  # fmt: skip
        settings = [r for r in _table(root, "surveys_languagesettings")
                    if r.get("surveyls_language", self.language) == self.language]  # fmt: skip
        self.title = _plain((settings or [{}])[0].get("surveyls_title")) or "LimeSurvey-enquête"
        self.intro = _plain((settings or [{}])[0].get("surveyls_description"))
        self.groups = self._texts(_table(root, "groups"), _table(root, "group_l10ns"), "gid")
        questions = _table(root, "questions") + _table(root, "subquestions")
        self.questions = self._texts(questions, _table(root, "question_l10ns"), "qid")
        answers = _table(root, "answers")
        texts = {r["aid"]: r for r in _table(root, "answer_l10ns") if self._base(r)}
        self.answers: dict[str, list[dict[str, str]]] = {}
        for row in answers:
            if "aid" in row:
                row = row | {"answer": texts.get(row["aid"], {}).get("answer", "")}
            elif not self._base(row):
                continue
            self.answers.setdefault(row["qid"], []).append(row)

    def _base(self, row: dict) -> bool:
        return row.get("language", self.language) in ("", self.language)

    def _texts(self, rows, l10ns, key: str) -> list[dict[str, str]]:
        """Rows of the base language, with their texts from the l10n table when there is one."""
        texts = {r[key]: r for r in l10ns if self._base(r)}
        out = []
        for row in rows:
            if not self._base(row):
                continue
            out.append({**texts.get(row[key], {}), **{k: v for k, v in row.items() if v}})
        return out

    def ordered(self, rows, by: str) -> list[dict[str, str]]:
        return sorted(rows, key=lambda r: int(r.get(by) or 0))


_REL = re.compile(
    r"^\s*\(?\s*([A-Za-z][\w]*)(?:\.NAOK)?\s*(==|eq|>=|ge|<=|le)\s*[\"']?([\w.-]+)[\"']?\s*\)?\s*$"
)


def _relevance(expression: str, keys: dict[str, str]) -> dict[str, Any] | bool | None:
    """True when always shown, a show_if where it maps, None when it does not."""
    expression = (expression or "").strip()
    if expression in ("", "1"):
        return True
    match = _REL.match(expression)
    if not match or match.group(1) not in keys:
        return None
    target, op, value = keys[match.group(1)], match.group(2), match.group(3)
    if op in ("==", "eq"):
        return {"question": target, "equals": value.lower()}
    try:
        number = float(value)
    except ValueError:
        return None
    number = int(number) if number.is_integer() else number
    return {"question": target, "at_least" if op in (">=", "ge") else "at_most": number}


def from_lss(content: bytes, filename: str) -> Conversion:
    """A LimeSurvey export as a conversion: the source form, or Dutch problems."""
    c = Conversion()
    try:
        root = ElementTree.fromstring(content, forbid_dtd=True)
    except (ElementTree.ParseError, DefusedXmlException, ValueError) as err:
        c.problems.append(
            f"Het bestand is geen leesbare LimeSurvey-export (.lss): {type(err).__name__}."
        )
        return c
    if root.tag != "document" or (root.findtext("LimeSurveyDocType") or "") != "Survey":
        c.problems.append("Dit is geen LimeSurvey-enquête (.lss); exporteer de enquête als .lss.")
        return c
    survey = _Survey(root, c)
    children: dict[str, list[dict[str, str]]] = {}
    for q in survey.questions:
        if q.get("parent_qid", "0") not in ("", "0"):
            children.setdefault(q["parent_qid"], []).append(q)
    sections = _sections(survey, children, c)
    for i, s in enumerate(sections):
        for j, q in enumerate(s["questions"]):
            c.places[f"sections[{i}].questions[{j}]"] = q.pop("_where")
    slug = safe_key(filename.rsplit(".", 1)[0], set(), Conversion(), "").replace("_", "-")
    c.source = {"format": 1, "slug": slug if len(slug) > 1 else "limesurvey"}
    c.source["title"] = survey.title
    if survey.intro:
        c.source["intro"] = survey.intro
    c.source["sections"] = sections
    if not sections:
        c.problems.append("Er staat geen enkele vraag in die surveyapp kan overnemen; "
                          "zie de lijst ‘niet overgenomen’.")  # fmt: skip
    return c


def _sections(survey: _Survey, children: dict, c: Conversion) -> list[dict[str, Any]]:
    """One section per group, in LimeSurvey's order, with the questions it carries."""
    sections, section_keys, question_keys, keys = [], set(), set(), {}
    for group in survey.ordered(survey.groups, "group_order"):
        where_group = f"groep ‘{_plain(group.get('group_name'))}’"
        section = {
            "key": safe_key(f"groep_{group['gid']}", section_keys, Conversion(), ""),
            "title": _plain(group.get("group_name")) or "Vragen",
            "questions": [],
        }
        if _plain(group.get("description")):
            section["intro"] = _plain(group.get("description"))
        top = [
            q
            for q in survey.questions
            if q.get("gid") == group["gid"] and q.get("parent_qid", "0") in ("", "0")
        ]
        for q in survey.ordered(top, "question_order"):
            where = f"{where_group}, vraag {q.get('title', '?')}"
            made = _questions(q, children.get(q["qid"], []), survey, c, where, question_keys)
            if not made:
                continue
            condition = _relevance(q.get("relevance", ""), keys)
            if condition is None:
                c.notes.append(
                    f"{where}: de voorwaarde ‘{q.get('relevance')}’ is niet overgenomen "
                    "(te ingewikkeld); de vraag wordt altijd getoond."
                )
            for made_q in made:
                if isinstance(condition, dict):
                    made_q["show_if"] = condition
                made_q["_where"] = where
            keys[q.get("title", "")] = made[0]["key"]
            section["questions"] += made
            c.carried.append(q.get("title", q["qid"]))
        if section["questions"]:
            sections.append(section)
    return sections


def _options(rows, scale: str = "0") -> list[dict[str, str]]:
    rows = [r for r in rows if r.get("scale_id", "0") in ("", scale)]
    rows = sorted(rows, key=lambda r: int(r.get("sortorder") or r.get("question_order") or 0))
    out, seen = [], set()
    for r in rows:
        value = re.sub(r"[^a-z0-9]+", "_", (r.get("code") or r.get("title") or "").lower()).strip(
            "_"
        )
        if value and value not in seen and value != "anders":
            seen.add(value)
            out.append(
                {"value": value, "label": _plain(r.get("answer") or r.get("question")) or value}
            )
    return out


def _questions(q, subs, survey: _Survey, c: Conversion, where: str, taken: set) -> list[dict]:
    """The surveyapp questions one LimeSurvey question becomes ([] when not carried)."""
    kind, title = q.get("type", ""), q.get("title", "") or q["qid"]
    if kind in NOT_CARRIED:
        c.skip(where, title, NOT_CARRIED[kind])
        return []
    base: dict[str, Any] = {"text": _plain(q.get("question")) or title}
    if _plain(q.get("help")):
        base["help"] = _plain(q.get("help"))
    if q.get("mandatory") == "Y":
        base["required"] = True
    other = q.get("other") == "Y"
    answers = survey.answers.get(q["qid"], [])
    if kind in ARRAYS:
        rows = _options(subs, "0")
        if not rows:
            c.skip(where, title, "een matrix zonder subvragen")
            return []
        columns = _options(subs, "1") if kind in ";:" else [{"value": "", "label": ""}]
        if kind == "1":
            c.notes.append(f"{where}: van de dubbele schaal is alleen de eerste overgenomen.")
        out = []
        for row in rows:
            for column in columns:
                text = " – ".join(filter(None, [base["text"], row["label"], column["label"]]))
                cell = _cell(kind, answers, base, text)
                suffix = "_".join(filter(None, [row["value"], column["value"]]))
                cell["key"] = safe_key(f"{title}_{suffix}", taken, c, where)
                out.append(cell)
        return out
    made = _single(kind, answers, subs, base, other)
    if made is None:
        c.skip(where, title, f"vraagtype ‘{kind}’ kent surveyapp niet")
        return []
    made["key"] = safe_key(title, taken, c, where)
    return [made]


def _cell(kind: str, answers, base: dict, text: str) -> dict[str, Any]:
    q: dict[str, Any] = {**base, "text": text}
    if kind == "A":
        return q | {"type": "likert", "labels": [str(i) for i in range(1, 6)]}
    if kind == "B":
        return q | {"type": "grade", "min": 1, "max": 10}
    if kind in FIXED:
        return q | {
            "type": "choice",
            "options": [{"value": v, "label": lab} for v, lab in FIXED[kind]],
        }
    if kind in ("K", ":"):
        return q | {"type": "number", "decimals": 2}
    if kind in ("Q", ";"):
        return q | {"type": "text"}
    return q | {"type": "choice", "options": _options(answers) or [{"value": "1", "label": "1"}]}


def _single(kind, answers, subs, base, other) -> dict[str, Any] | None:
    if kind in ("L", "!", "O"):
        return base | {"type": "choice", "options": _options(answers), "other": other}
    if kind in ("M", "P"):
        return base | {"type": "multi", "options": _options(subs), "other": other}
    if kind == "5":
        return base | {"type": "likert", "labels": [str(i) for i in range(1, 6)]}
    if kind == "N":
        return base | {"type": "number", "decimals": 2}
    if kind in ("S", "T", "U"):
        return base | {"type": "text", **({"long": True} if kind in "TU" else {})}
    if kind in FIXED:
        return base | {
            "type": "choice",
            "options": [{"value": v, "label": lab} for v, lab in FIXED[kind]],
        }
    return None
