"""Meridian Clinic's staff portal: Flask-Security-Too with its stock templates (sign-in, register,
reset, change password and e-mail, two-factor setup, recovery codes, WebAuthn, unified sign-in
setup, re-authentication). Secrets and the database live in EVAL_APP_STATE.

    python app.py seed     create the tables and the evaluation user
    python app.py serve    serve on 127.0.0.1:EVAL_APP_PORT
"""
import json
import os
import sys
from pathlib import Path

from flask import Flask, render_template
from flask_security import MailUtil, Security, SQLAlchemyUserDatastore, auth_required, hash_password
from flask_security.models import fsqla_v3 as fsqla
from flask_sqlalchemy import SQLAlchemy
from werkzeug.middleware.proxy_fix import ProxyFix

STATE = Path(os.environ["EVAL_APP_STATE"])
SECRETS = json.loads((STATE / "secrets.json").read_text())

app = Flask(__name__)
app.config.update(
    SECRET_KEY=SECRETS["secret_key"],
    SECURITY_PASSWORD_SALT=SECRETS["salt"],
    SQLALCHEMY_DATABASE_URI=f"sqlite:///{STATE / 'fst.sqlite3'}",
    PREFERRED_URL_SCHEME="https",
    SESSION_COOKIE_SECURE=True,
    SECURITY_REGISTERABLE=True,
    SECURITY_RECOVERABLE=True,
    SECURITY_CHANGEABLE=True,
    SECURITY_CHANGE_EMAIL=True,
    SECURITY_TWO_FACTOR=True,
    SECURITY_TWO_FACTOR_ENABLED_METHODS=["authenticator", "email"],
    SECURITY_TOTP_SECRETS={"1": SECRETS["totp"]},
    SECURITY_TOTP_ISSUER="Meridian Clinic",
    SECURITY_MULTI_FACTOR_RECOVERY_CODES=True,
    SECURITY_WEBAUTHN=True,
    SECURITY_UNIFIED_SIGNIN=True,
    SECURITY_US_ENABLED_METHODS=["password", "email", "authenticator"],
    SECURITY_EMAIL_SENDER="Meridian Clinic <no-reply@meridian-clinic.org>",
    SECURITY_POST_LOGIN_VIEW="/",
    # No DNS here: do not look up mail domains.
    SECURITY_EMAIL_VALIDATOR_ARGS={"check_deliverability": False},
)
app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)
db = SQLAlchemy(app)
fsqla.FsModels.set_db_info(db)


class Role(db.Model, fsqla.FsRoleMixin):
    pass


class User(db.Model, fsqla.FsUserMixin):
    pass


class WebAuthn(db.Model, fsqla.FsWebAuthnMixin):
    pass


class FileMailUtil(MailUtil):
    """Writes each message to EVAL_APP_STATE/mail/ instead of sending it (the driver reads links there)."""

    def send_mail(self, template, subject, recipient, sender, body, html, **kwargs):
        folder = STATE / "mail"
        folder.mkdir(exist_ok=True)
        n = len(list(folder.iterdir()))
        (folder / f"{n:04d}-{template.replace('/', '_')}.eml").write_text(f"To: {recipient}\nSubject: {subject}\n\n{body}\n")


security = Security(app, SQLAlchemyUserDatastore(db, User, Role, WebAuthn), mail_util_cls=FileMailUtil)


@app.route("/")
@auth_required()
def home():
    return render_template("home.html")


def seed():
    with app.app_context():
        db.create_all()
        ds = security.datastore
        if not ds.find_user(email="nurse.ibrahim@meridian-clinic.org"):
            ds.create_user(email="nurse.ibrahim@meridian-clinic.org", password=hash_password(os.environ["EVAL_PASSWORD"]))
        db.session.commit()
    print("seeded fst")


if __name__ == "__main__":
    if sys.argv[1:] == ["seed"]:
        seed()
    else:
        app.run(host="127.0.0.1", port=int(os.environ["EVAL_APP_PORT"]), threaded=True, use_reloader=False)
