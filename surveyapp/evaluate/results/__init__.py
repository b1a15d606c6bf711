"""A wave's results: statistics, disclosure, words, pages, downloads, the chapter, imports.
Every /waves/<wave_id> URL loads its wave once into g.wave (404 when it does not exist)."""

from flask import Blueprint

from surveyapp.security import load_wave_from_url

bp = Blueprint("results", __name__)
load_wave_from_url(bp)

from surveyapp.evaluate.results import routes  # noqa: E402, F401
