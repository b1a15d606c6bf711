"""Route × role matrix: every staff URL refuses anonymous visitors and the wrong roles."""

import re

import pytest

from config import TestConfig
from surveyapp import create_app
from tests.conftest import bearer, csrf_from

# Which roles each staff blueprint admits (admins are admitted everywhere).
ALLOWED = {
    "coordinate": {"coordinator", "admin"},
    "evaluate": {"evaluator", "admin"},
    "admin": {"admin"},
    "authoring": {"coordinator", "evaluator", "admin"},
    "privacy": {"admin"},
}
PUBLIC = {"auth", "respond", "privacy_notice", None}  # None: the static route
API = {
    "api_surveys",
    "api_waves",
    "api_contacts",
    "api_results",
    "api_monitoring",
    "api_dashboard",
    "api-docs",
    "api_docs",
}  # fmt: skip - tested by token below
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
        assert blueprint in set(ALLOWED) | PUBLIC | API, f"unclassified route {rule}"
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


# --- the JSON API: a token per role, never a session -----------------------------------------

C, E = {"coordinator", "admin"}, {"evaluator", "admin"}
# Which roles each API operation admits, as the same things are admitted in the browser.
API_ALLOWED = {
    ("GET", "/api/v1/surveys"): C | E,
    ("GET", "/api/v1/surveys/<int:version_id>"): C | E,
    ("GET", "/api/v1/waves"): C | E,
    ("GET", "/api/v1/waves/<int:wave_id>"): C | E,
    ("POST", "/api/v1/waves"): C,
    ("POST", "/api/v1/waves/<int:wave_id>/open"): C,
    ("POST", "/api/v1/waves/<int:wave_id>/close"): C,
    ("POST", "/api/v1/waves/<int:wave_id>/invitations"): C,
    ("POST", "/api/v1/waves/<int:wave_id>/reminders"): C,
    ("GET", "/api/v1/waves/<int:wave_id>/invitations"): C,
    ("GET", "/api/v1/waves/<int:wave_id>/response-rate"): C,
    ("GET", "/api/v1/organisations"): C,
    ("GET", "/api/v1/contacts"): C,
    ("POST", "/api/v1/contacts/import"): C,
    ("GET", "/api/v1/waves/<int:wave_id>/results"): E,
    ("GET", "/api/v1/waves/<int:wave_id>/answers"): E,
    ("GET", "/api/v1/monitoring"): E,
    ("GET", "/api/v1/monitoring/<slug>"): E,
    ("GET", "/api/v1/dashboards"): E,
    ("GET", "/api/v1/dashboards/<int:round_id>/entries"): E,
    ("PUT", "/api/v1/dashboards/<int:round_id>/entries/<int:entry_id>"): E,
}
API_PUBLIC = {"api-docs", "api_docs"}  # the OpenAPI document and its page


def api_operations():
    app = create_app(TestConfig)
    found = []
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith("api_") or rule.endpoint.split(".")[0] in API_PUBLIC:
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            assert (method, rule.rule) in API_ALLOWED, f"unclassified API operation {rule}"
            found.append(pytest.param(method, rule.rule, id=f"{method} {rule.rule}"))
    return found


API_OPERATIONS = api_operations()


def test_every_api_operation_is_classified_and_exists():
    assert {p.values for p in API_OPERATIONS} == set(API_ALLOWED)


@pytest.mark.parametrize(("method", "rule"), API_OPERATIONS)
def test_api_without_a_token_is_401(client, method, rule):
    response = client.open(expand(rule)[0].replace("<slug>", "x"), method=method, json={})
    assert response.status_code == 401
    assert response.content_type == "application/problem+json"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("method", "rule"), API_OPERATIONS)
def test_api_role_matrix(client, token_for, role, method, rule):
    _user, secret = token_for(role)
    path = expand(rule)[0]
    response = client.open(path, method=method, json={}, headers=bearer(secret))
    assert response.content_type.startswith(("application/", "text/csv"))
    if role in API_ALLOWED[(method, rule)]:
        assert response.status_code not in (401, 403), f"{role} refused at {method} {path}"
    else:
        assert response.status_code == 403, f"{role} admitted at {method} {path}"
        assert response.get_json()["title"] == "Geen toegang"
