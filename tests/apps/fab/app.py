"""Harbourline Energy's operations console: Flask-AppBuilder with its stock security views
(database authentication, users, roles, an administrator resetting other users' passwords).
Secrets and the database live in EVAL_APP_STATE.

    python app.py seed     create the tables, roles and users
    python app.py serve    serve on 127.0.0.1:EVAL_APP_PORT
"""
import json
import os
import sys
from pathlib import Path

from flask import Flask
from flask_appbuilder import AppBuilder
from flask_appbuilder.const import AUTH_DB
from flask_appbuilder.models.sqla.base import SQLA
from werkzeug.middleware.proxy_fix import ProxyFix

STATE = Path(os.environ["EVAL_APP_STATE"])
SECRETS = json.loads((STATE / "secrets.json").read_text())

app = Flask(__name__)
app.config.update(
    SECRET_KEY=SECRETS["secret_key"],
    SQLALCHEMY_DATABASE_URI=f"sqlite:///{STATE / 'fab.sqlite3'}",
    AUTH_TYPE=AUTH_DB,
    APP_NAME="Harbourline Ops Console",
    PREFERRED_URL_SCHEME="https",
    SESSION_COOKIE_SECURE=True,
    FAB_ADD_SECURITY_VIEWS=True,
    RATELIMIT_ENABLED=False,
)
app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)
db = SQLA(app)
with app.app_context():
    appbuilder = AppBuilder(app, db.session)

PEOPLE = [
    ("opsadmin", "Morgan", "Reyes", "Admin"),
    ("scada-admin", "Ines", "Duarte", "Admin"),
    ("field.tech", "Tomasz", "Nowak", "Public"),
]


def seed():
    with app.app_context():
        sm = appbuilder.sm
        sm.create_db()
        for user, first, last, role in PEOPLE:
            if not sm.find_user(username=user):
                sm.add_user(user, first, last, f"{user}@harbourline-energy.com", sm.find_role(role), password=os.environ["EVAL_PASSWORD"])
    print("seeded fab")


if __name__ == "__main__":
    if sys.argv[1:] == ["seed"]:
        seed()
    else:
        app.run(host="127.0.0.1", port=int(os.environ["EVAL_APP_PORT"]), threaded=True, use_reloader=False)
