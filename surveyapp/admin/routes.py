"""Admin pages: staff accounts and the audit trail."""

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select

from surveyapp.admin import bp
from surveyapp.admin.forms import StaffUserForm
from surveyapp.admin.operations import create_staff_user, set_staff_user_active
from surveyapp.errors import DomainError
from surveyapp.extensions import db
from surveyapp.forms import ConfirmForm
from surveyapp.models import AuditEvent, StaffRole, StaffUser


@bp.route("/")
def index():
    return redirect(url_for("admin.users"))


@bp.route("/users", methods=["GET", "POST"])
def users():
    form = StaffUserForm()
    if form.validate_on_submit():
        try:
            create_staff_user(
                form.email.data,
                form.password.data,
                StaffRole(form.role.data),
                form.name.data or "",
                actor=current_user,
            )
        except DomainError as err:
            form.email.errors.append(str(err))
        else:
            flash(f"Account {form.email.data} is aangemaakt.", "success")
            return redirect(url_for("admin.users"))
    accounts = db.session.scalars(select(StaffUser).order_by(StaffUser.email)).all()
    return render_template("admin/users.html", form=form, accounts=accounts, confirm=ConfirmForm())


@bp.route("/users/<int:user_id>/active", methods=["POST"])
def toggle_user(user_id: int):
    user = db.session.get(StaffUser, user_id) or abort(404)
    if ConfirmForm().validate_on_submit():
        try:
            set_staff_user_active(user, not user.active, current_user)
        except DomainError as err:
            flash(str(err), "error")
        else:
            flash(
                f"Account {user.email} is {'geactiveerd' if user.active else 'gedeactiveerd'}.",
                "success",
            )
    return redirect(url_for("admin.users"))


@bp.route("/audit")
def audit_log():
    events = db.session.scalars(select(AuditEvent).order_by(AuditEvent.at.desc()).limit(200)).all()
    return render_template("admin/audit.html", events=events)
