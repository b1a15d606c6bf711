"""What a new respondent trips over: resume where they stopped, readable intros and errors."""

from __future__ import annotations

from surveyapp import paragraphs
from tests.respond.conftest import fill_all


def test_resume_lands_where_the_respondent_stopped(respondent, complete_answers):
    respondent.post_page(1, complete_answers[1])
    respondent.post_page(2, complete_answers[2])
    respondent.post_page(3, {}, action="save")  # "Opslaan en later verder" on page 3
    welcome = respondent.get("/r/").get_data(as_text=True)
    # Before: "Verder met invullen" always went to page 1.
    assert 'href="/r/p/3">Verder met invullen' in welcome


def test_resume_goes_back_to_a_page_that_misses_a_required_answer(respondent, complete_answers):
    respondent.post_page(1, {"q-art2_toelichting": "later"}, action="save")  # grade missing
    respondent.post_page(2, complete_answers[2])
    assert 'href="/r/p/1">Verder met invullen' in respondent.get("/r/").get_data(as_text=True)


def test_resume_of_a_complete_response_opens_the_overview(respondent, complete_answers):
    fill_all(respondent, complete_answers)
    assert 'href="/r/overzicht">Verder met invullen' in respondent.get("/r/").get_data(as_text=True)


def test_intro_texts_read_as_paragraphs():
    text = "Deze vragenlijst\nvragen wij u als\nbevoegd gezag.\n\nDank u wel."
    assert paragraphs(text) == ["Deze vragenlijst vragen wij u als bevoegd gezag.", "Dank u wel."]
    assert paragraphs(None) == []


def test_the_welcome_page_has_no_ragged_lines(respondent):
    html = respondent.get("/r/").get_data(as_text=True)
    assert '<div class="intro pre">' not in html and '<div class="intro"><p>' in html


def test_the_error_summary_reads_well_after_a_question_mark(respondent):
    html = respondent.post_page(1, {}).get_data(as_text=True)
    # Before: "…gerealiseerd?: Kies een cijfer…".
    assert "?: " not in html and ".: " not in html
    assert "Kies een cijfer" in html and "(vraag: ‘In welke mate" in html
