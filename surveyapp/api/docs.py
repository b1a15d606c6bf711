"""The API's documentation page, rendered on the server from the generated OpenAPI document:
it works without internet (no CDN) and is always the document the code produces."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template

bp = Blueprint("api_docs", __name__)
METHODS = ("get", "post", "put", "patch", "delete")


def operations(spec: dict) -> list[dict]:
    """Each operation with its method, path, summary, parameters, body and answers."""
    found = []
    for path, item in spec.get("paths", {}).items():
        for method in METHODS:
            op = item.get(method)
            if op is None:
                continue
            parameters = [*item.get("parameters", []), *op.get("parameters", [])]
            body = op.get("requestBody", {}).get("content", {}).get("application/json", {})
            found.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "tag": (op.get("tags") or [""])[0],
                    "summary": op.get("summary", ""),
                    "description": op.get("description", ""),
                    "parameters": [p for p in parameters if "$ref" not in p],
                    "body": (body.get("schema") or {}).get("$ref", "").rsplit("/", 1)[-1],
                    "responses": sorted(k for k in op.get("responses", {}) if k != "default"),
                }
            )
    return found


@bp.get("/docs")
def page():
    """Every operation and schema of /api/v1, grouped by resource."""
    spec = current_app.extensions["flask-smorest"]["apis"][""]["ext_obj"].spec.to_dict()
    schemas = spec.get("components", {}).get("schemas", {})
    return render_template("api/docs.html", spec=spec, operations=operations(spec), schemas=schemas)
