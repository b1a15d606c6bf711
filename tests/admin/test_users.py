"""Admins manage staff accounts through the form; bad input gets a Dutch message."""

from sqlalchemy import select

from surveyapp.models import AuditEvent, StaffUser
from tests import factories as f
from tests.conftest import csrf_from


def _post_new_user(client, **data):
    token = csrf_from(client.get("/admin/users").get_data(as_text=True))
    form = {
        "email": "nieuw@example.nl",
        "name": "Nieuw",
        "role": "evaluator",
        "password": "lang genoeg wachtwoord",
        "csrf_token": token,
    }
    form.update(data)
    return client.post("/admin/users", data=form)


def test_admin_creates_account_and_it_is_audited(client, login_as, session):
    admin = login_as("admin")
    response = _post_new_user(client)
    assert response.status_code == 302
    created = session.scalar(select(StaffUser).where(StaffUser.email == "nieuw@example.nl"))
    assert created.role == "evaluator" and created.password_hash.startswith("scrypt:")
    event = session.scalar(select(AuditEvent).where(AuditEvent.action == "staff_user.create"))
    assert event.actor_id == admin.id and event.object_id == created.id


def test_bad_input_lists_every_problem_and_keeps_values(client, login_as, session):
    login_as("admin")
    response = _post_new_user(client, email="geen-adres", password="kort", name="<b>Bold</b>")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Er zijn 2 problemen" in html
    assert 'href="#email"' in html and 'href="#password"' in html
    assert "Vul een geldig e-mailadres in" in html and "minstens 10 tekens" in html
    assert 'value="geen-adres"' in html
    assert "&lt;b&gt;Bold&lt;/b&gt;" in html and "<b>Bold</b>" not in html
    assert session.scalar(select(StaffUser).where(StaffUser.email == "geen-adres")) is None


def test_duplicate_email_is_refused(client, login_as, session):
    login_as("admin")
    f.StaffUserFactory(email="dubbel@example.nl")
    session.commit()
    html = _post_new_user(client, email="Dubbel@example.nl").get_data(as_text=True)
    assert "Er bestaat al een account met e-mailadres dubbel@example.nl" in html


def test_admin_cannot_deactivate_self_but_can_others(client, login_as, session):
    admin = login_as("admin")
    other = f.StaffUserFactory()
    session.commit()
    token = csrf_from(client.get("/admin/users").get_data(as_text=True))
    page = client.post(
        f"/admin/users/{admin.id}/active", data={"csrf_token": token}, follow_redirects=True
    ).get_data(as_text=True)
    assert "U kunt uw eigen account niet deactiveren" in page
    client.post(f"/admin/users/{other.id}/active", data={"csrf_token": token})
    session.expire_all()
    assert session.get(StaffUser, admin.id).active is True
    assert session.get(StaffUser, other.id).active is False


def test_unknown_user_id_is_404(client, login_as):
    login_as("admin")
    token = csrf_from(client.get("/admin/users").get_data(as_text=True))
    assert client.post("/admin/users/999/active", data={"csrf_token": token}).status_code == 404
