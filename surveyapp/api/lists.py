"""What every API resource shares: paging a list, and the object of the URL or a 404."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from flask import abort
from sqlalchemy import func, select

from surveyapp.extensions import db
from surveyapp.inputs import RefusedInput


def _page(items: list, total: int, paging: dict[str, int]) -> dict[str, Any]:
    limit, offset = paging["limit"], paging["offset"]
    if offset and offset >= total:
        raise RefusedInput(
            f"Deze lijst heeft {total} items; offset {offset} ligt voorbij het einde. "
            "Begin opnieuw bij offset 0."
        )
    end = offset + limit
    return {
        "items": items,
        "total": total,
        "limit": limit,
        "offset": offset,
        "next_offset": end if end < total else None,
    }


def paged(items: Sequence[Any], paging: dict[str, int]) -> dict[str, Any]:
    """One page of `items` with its total and the next offset; past the end is a 400."""
    offset = paging["offset"]
    return _page(list(items[offset : offset + paging["limit"]]), len(items), paging)


def paged_query(stmt, paging: dict[str, int], row: Callable[[Any], dict]) -> dict[str, Any]:
    """The same for a SELECT of ORM objects: counted and cut in SQL (stable by its order)."""
    total = db.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))
    page = db.session.scalars(stmt.offset(paging["offset"]).limit(paging["limit"]))
    return _page([row(obj) for obj in page], total, paging)


def get_or_404(model, object_id: int):
    """The object with this id, or a 404 problem (ids beyond the database's range included)."""
    if not 0 < object_id < 2**31:
        abort(404)
    return db.session.get(model, object_id) or abort(404)
