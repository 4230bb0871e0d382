"""Seeds the CMS: an administrator, a second administrator, an editor, and a small site whose help
centre has an article about two-factor sign-in (a page that describes a recovery flow)."""
import os

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from wagtail.models import Page, Site

from kestrel.models import ArticlePage

HELP_2FA = """
<p>Kestrel staff accounts use two-factor authentication. If you lose the phone with your
authenticator app, you can sign in with one of your backup codes and then set up the app again.</p>
<h2>If you have no backup codes left</h2>
<p>Ask the web team to reset two-factor authentication for your account. They will check who you are
by video call first. Nobody from Kestrel will ever ask you to read out a sign-in code or a backup
code, by phone, chat or e-mail.</p>
<h2>Resetting your password</h2>
<p>Use <b>Forgotten password?</b> on the staff sign-in page. The reset link in the e-mail works once
and expires after a day.</p>
"""


class Command(BaseCommand):
    def handle(self, *args, **options):
        pw = os.environ["EVAL_PASSWORD"]
        User = get_user_model()
        for name, email, su, first, last in [
            ("siteadmin", "siteadmin@kestrel-outdoor.com", True, "Sam", "Okafor"),
            ("webmaster", "webmaster@kestrel-outdoor.com", True, "Priya", "Nair"),
            ("lena.fischer", "lena.fischer@kestrel-outdoor.com", False, "Lena", "Fischer"),
        ]:
            if not User.objects.filter(username=name).exists():
                u = (User.objects.create_superuser if su else User.objects.create_user)(name, email, pw, first_name=first, last_name=last)
                if not su:
                    u.groups.add(Group.objects.get(name="Editors"))
        if not ArticlePage.objects.exists():
            root = Page.get_first_root_node()
            for p in root.get_children():
                p.delete()
            home = root.add_child(instance=ArticlePage(title="Kestrel Outdoor", slug="home",
                intro="Boots, tents and trail gear since 1987.",
                body="<p>Visit our stores in Keswick, Fort William and Betws-y-Coed.</p>"))
            Site.objects.all().delete()
            Site.objects.create(hostname="cms.kestrel-outdoor.com", port=443, root_page=home, is_default_site=True, site_name="Kestrel Outdoor")
            helpc = home.add_child(instance=ArticlePage(title="Help centre", slug="help", intro="Guides for customers and staff."))
            helpc.add_child(instance=ArticlePage(title="Two-factor sign-in for staff accounts", slug="two-factor", body=HELP_2FA))
            helpc.add_child(instance=ArticlePage(title="Store opening hours", slug="opening-hours",
                body="<p>Monday to Saturday 9:00–17:30, Sunday 10:00–16:00.</p>"))
        self.stdout.write("seeded wagtail")
