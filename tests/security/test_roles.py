"""Route × role matrix: every staff URL refuses anonymous visitors and the wrong roles."""

import re

import pytest

from config import TestConfig
from surveyapp import create_app
from tests.conftest import csrf_from

# Which roles each staff blueprint admits (admins are admitted everywhere).
ALLOWED = {
    "coordinate": {"coordinator", "admin"},
    "evaluate": {"evaluator", "admin"},
    "admin": {"admin"},
    "authoring": {"coordinator", "evaluator", "admin"},
}
PUBLIC = {"auth", "respond", None}  # None: the static route
ROLES = ["coordinator", "evaluator", "admin"]


def expand(rule: str) -> list[str]:
    """Concrete paths for a rule: 1 for every id, each option of an any() converter."""
    match = re.search(r"<any\(([^)]*)\):\w+>", rule)
    if match:
        options = [o.strip() for o in match.group(1).split(",")]
        return [p for o in options for p in expand(rule.replace(match.group(0), o))]
    return [re.sub(r"<(?:\w+:)?\w+>", "1", rule)]


def staff_routes():
    app = create_app(TestConfig)
    routes = []
    for rule in app.url_map.iter_rules():
        blueprint = rule.endpoint.split(".")[0] if "." in rule.endpoint else None
        assert blueprint in ALLOWED or blueprint in PUBLIC, f"unclassified route {rule}"
        if blueprint not in ALLOWED:
            continue
        method = "GET" if "GET" in rule.methods else sorted(rule.methods - {"HEAD", "OPTIONS"})[0]
        for path in expand(rule.rule):
            routes.append(pytest.param(blueprint, method, path, id=f"{method} {path}"))
    return routes


STAFF_ROUTES = staff_routes()


def test_every_staff_blueprint_has_routes():
    assert {p.values[0] for p in STAFF_ROUTES} == set(ALLOWED)


@pytest.mark.parametrize(("blueprint", "method", "path"), STAFF_ROUTES)
def test_anonymous_is_sent_to_login(client, blueprint, method, path):
    token = csrf_from(client.get("/login").get_data(as_text=True))
    response = client.open(path, method=method, data={"csrf_token": token})
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("blueprint", "method", "path"), STAFF_ROUTES)
def test_role_matrix(client, login_as, role, blueprint, method, path):
    user = login_as(role)
    page = client.get("/", follow_redirects=True).get_data(as_text=True)
    token = csrf_from(page)
    response = client.open(path, method=method, data={"csrf_token": token})
    if role in ALLOWED[blueprint]:
        assert response.status_code not in (401, 403), f"{user.role} refused at {path}"
        assert "/login" not in response.headers.get("Location", "")
    else:
        assert response.status_code == 403, f"{user.role} admitted at {path}"
        assert "Geen toegang" in response.get_data(as_text=True)
