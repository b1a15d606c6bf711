"""Admin pages: staff accounts and the audit trail."""

from datetime import date, datetime, time

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from surveyapp.admin import bp
from surveyapp.admin.forms import StaffUserForm
from surveyapp.admin.operations import create_staff_user, set_staff_user_active
from surveyapp.admin.queries import recent_audit_events, staff_accounts
from surveyapp.audit import ACTION_LABELS, detail_text, object_text
from surveyapp.clock import end_of_day, local_to_utc
from surveyapp.errors import DomainError
from surveyapp.extensions import db
from surveyapp.forms import ConfirmForm
from surveyapp.models import StaffRole, StaffUser


@bp.route("/")
def index():
    """The admin start is the list of staff accounts."""
    return redirect(url_for("admin.users"))


@bp.route("/users", methods=["GET", "POST"])
def users():
    """Staff accounts: the list and a form to add one."""
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
    return render_template(
        "admin/users.html", form=form, accounts=staff_accounts(), confirm=ConfirmForm()
    )


@bp.route("/users/<int:user_id>/active", methods=["POST"])
def toggle_user(user_id: int):
    """Deactivate an account (ending its sessions), or activate it again."""
    user = db.get_or_404(StaffUser, user_id)
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
    """The newest 200 entries of the audit trail, filtered by who, what and a period."""
    who, what = request.args.get("wie", "")[:254], request.args.get("actie", "")[:100]
    since = request.args.get("van", type=date.fromisoformat)
    until = request.args.get("tot", type=date.fromisoformat)
    events = recent_audit_events(
        who, what, since and local_to_utc(datetime.combine(since, time())),
        until and end_of_day(until),
    )  # fmt: skip
    return render_template(
        "admin/audit.html", events=events, labels=ACTION_LABELS, object_text=object_text,
        detail_text=detail_text,
        wie=who, actie=what,
        van=since, tot=until,
    )  # fmt: skip
