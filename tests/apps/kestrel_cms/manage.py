#!/usr/bin/env python
"""Kestrel Outdoor's web site: Wagtail CMS with its stock admin."""
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kestrel_cms.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
