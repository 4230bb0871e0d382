"""Seeds the evaluation instance: users, verified e-mail addresses and OAuth applications.
Passwords come from the environment (EVAL_PASSWORD); the driver uses the same."""
import os

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from oauth2_provider.models import get_application_model


class Command(BaseCommand):
    help = "Create the evaluation users and OAuth applications"

    def handle(self, *args, **options):
        pw = os.environ["EVAL_PASSWORD"]
        User = get_user_model()
        people = [
            ("admin", "admin@northwind-traders.com", True),
            ("it-admin", "it-admin@northwind-traders.com", True),
            ("maria.anders", "maria.anders@northwind-traders.com", False),
            ("thomas.hardy", "thomas.hardy@northwind-traders.com", False),
        ]
        users = {}
        for name, email, su in people:
            u = User.objects.filter(username=name).first()
            if u is None:
                u = (User.objects.create_superuser if su else User.objects.create_user)(name, email, pw)
            users[name] = u
            EmailAddress.objects.get_or_create(user=u, email=email, defaults={"verified": True, "primary": True})
        App = get_application_model()
        apps = [
            dict(name="Northwind Mobile", client_id="northwind-mobile", client_type=App.CLIENT_PUBLIC,
                 authorization_grant_type=App.GRANT_AUTHORIZATION_CODE,
                 redirect_uris="https://mobile.northwind-traders.com/oauth/callback"),
            dict(name="Team Directory", client_id="team-directory", client_type=App.CLIENT_PUBLIC,
                 authorization_grant_type=App.GRANT_AUTHORIZATION_CODE,
                 redirect_uris="https://directory.northwind-traders.com/callback"),
            dict(name="Warehouse Scanner", client_id="warehouse-scanner", client_type=App.CLIENT_PUBLIC,
                 authorization_grant_type=App.GRANT_DEVICE_CODE, redirect_uris=""),
        ]
        for a in apps:
            if not App.objects.filter(client_id=a["client_id"]).exists():
                App.objects.create(user=users["admin"], **a)
        self.stdout.write("seeded northwind")
