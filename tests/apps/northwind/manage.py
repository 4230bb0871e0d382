#!/usr/bin/env python
"""Northwind Traders' account portal: Django + django-allauth (account, MFA, sessions),
django-oauth-toolkit (authorization and device grants) and the Django admin, as stock as they come."""
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "northwind.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
