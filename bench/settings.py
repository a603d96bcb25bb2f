"""Bench-only settings: the production settings plus a URLconf with one bare JSON view.

The production URLconf is untouched; the server under test runs with
DJANGO_SETTINGS_MODULE=bench.settings so the baseline view shares its middleware and process.
"""

from __future__ import annotations

from fourpillars.config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
