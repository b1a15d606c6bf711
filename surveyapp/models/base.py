"""Shared column helpers for the models."""

from __future__ import annotations

import enum
from datetime import UTC, datetime

from sqlalchemy import Enum


def utcnow() -> datetime:
    """Naive UTC now: stored the same way on SQLite and PostgreSQL."""
    return datetime.now(UTC).replace(tzinfo=None)


def str_enum(enum_cls: type[enum.Enum], name: str) -> Enum:
    """A VARCHAR column with a CHECK constraint, portable across SQLite and PostgreSQL."""
    return Enum(
        enum_cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=32,
        values_callable=lambda e: [m.value for m in e],
        validate_strings=True,
    )
