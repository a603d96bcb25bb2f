"""Errors that services raise and every adapter (web, API, CLI) maps the same way."""

from __future__ import annotations


class NotFound(Exception):
    """Missing or hidden: the caller cannot tell which (404 everywhere)."""


class Forbidden(Exception):
    """The record is visible but this action is not the caller's to take (403)."""


class JustificationRequired(Exception):
    """A consultation outside the lead agency needs a purpose code first (428 in the API)."""
