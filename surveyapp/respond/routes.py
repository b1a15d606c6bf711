"""Respondent pages (personal link flow)."""
