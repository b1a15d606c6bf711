"""Login, logout and the public start page."""

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user

from surveyapp.auth import bp
from surveyapp.auth.forms import LoginForm
from surveyapp.auth.operations import authenticate, log_out
from surveyapp.extensions import limiter
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
