"""Argument checks shared by the analysis modules: clear ValueErrors, never asserts."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd


def require_columns(df: pd.DataFrame, columns: Iterable[str | None]) -> None:
    """Raise ValueError naming every missing column."""
    if not isinstance(df, pd.DataFrame):
        raise ValueError(f"expected a pandas DataFrame, got {type(df).__name__}")
    missing = [c for c in columns if c is not None and c not in df.columns]
    if missing:
        raise ValueError(f"missing column(s) {missing}; the frame has {list(df.columns)}")


def numeric_answers(df: pd.DataFrame, value: str, dont_know: str | None) -> pd.DataFrame:
    """Rows that carry a number: "weet niet" rows and empty values dropped."""
    keep = df[value].notna()
    if dont_know is not None:
        keep &= ~df[dont_know].fillna(False).astype(bool)
    out = df.loc[keep].copy()
    out[value] = pd.to_numeric(out[value], errors="raise").astype(float)
    return out


def as_float_array(values) -> np.ndarray:
    """A 1-d float array without NaNs."""
    arr = np.asarray(values, dtype=float).ravel()
    return arr[~np.isnan(arr)]


def check_alternative(alternative: str) -> None:
    if alternative not in ("two-sided", "less", "greater"):
        raise ValueError("alternative must be 'two-sided', 'less' or 'greater'")


def check_level(confidence_level: float) -> None:
    if not 0 < confidence_level < 1:
        raise ValueError("confidence_level must be between 0 and 1, e.g. 0.95")
