"""Login, logout, the public start page and one's own API tokens."""

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user

from surveyapp.auth import bp
from surveyapp.auth.forms import ApiTokenForm, LoginForm
from surveyapp.auth.operations import authenticate, issue_token, log_out, revoke_token
from surveyapp.auth.queries import token_of, tokens_of
from surveyapp.errors import DomainError
from surveyapp.extensions import limiter
from surveyapp.forms import ConfirmForm
from surveyapp.security import home_for, is_safe_next, start_staff_session


def _login_account_key() -> str:
    """Throttle per e-mail address too, so guessing one account from many addresses is slowed."""
    return "login:" + request.form.get("email", "").strip().lower()[:254]


@bp.route("/")
def index():
    """The public start page; staff who are logged in go to their own start."""
    if current_user.is_authenticated:
        return redirect(home_for(current_user))
    return render_template("auth/index.html")


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
@limiter.limit(
    lambda: current_app.config["LOGIN_ACCOUNT_RATE_LIMIT"],
    key_func=_login_account_key,
    methods=["POST"],
)
def login():
    """Staff log in (throttled per address and per account)."""
    if current_user.is_authenticated:
        return redirect(home_for(current_user))
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data)
        if user is not None:
            login_user(user)
            start_staff_session()
            flash("U bent ingelogd.", "success")
            target = request.args.get("next")
            return redirect(target if is_safe_next(target) else home_for(user))
        flash("Het e-mailadres of het wachtwoord klopt niet. Probeer het opnieuw.", "error")
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    """End the session on the server too: a copied cookie stops working."""
    log_out(current_user)
    logout_user()
    flash("U bent uitgelogd.", "success")
    return redirect(url_for("auth.login"))


@bp.route("/account/api-sleutels", methods=["GET", "POST"])
@login_required
def api_tokens():
    """The staff member's own API tokens: make one (its secret shown once), see and revoke."""
    form, secret = ApiTokenForm(), None
    if form.validate_on_submit():
        try:
            _token, secret = issue_token(current_user, form.name.data, form.days.data, current_user)
        except DomainError as err:
            form.name.errors.append(str(err))
    status = 422 if form.errors else 200
    return render_template(
        "auth/api_tokens.html", form=form, secret=secret, tokens=tokens_of(current_user),
        confirm=ConfirmForm(),
    ), status  # fmt: skip


@bp.route("/account/api-sleutels/<int:token_id>/intrekken", methods=["POST"])
@login_required
def revoke_api_token(token_id: int):
    """Revoke one of one's own tokens."""
    token = token_of(current_user, token_id) or abort(404)
    if ConfirmForm().validate_on_submit():
        try:
            revoke_token(token, current_user)
        except DomainError as err:
            flash(str(err), "error")
        else:
            flash(f"De sleutel ‘{token.name}’ is ingetrokken; hij werkt niet meer.", "success")
    return redirect(url_for("auth.api_tokens"))
