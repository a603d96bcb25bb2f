"""GOV.UK error messages for the web forms, from the domain's field errors.

The domain names a field and a problem for every client ("category: must be 1, 2, 3 or 4
(got '')"); the API keeps that wording. A person filling in a form needs the GOV.UK style
instead: say what to do, name the field, no codes or quoted values ("Select a MAPPA
category", "Enter a family name", "Date of birth cannot be in the future"). This module turns
one into the other, per field where a field has its own wording, else by a general rule.
"""

from __future__ import annotations

import re
from typing import Literal

from fourpillars.domain.dates import long_date

from .dates import subject

Kind = Literal["text", "choice", "date"]

# What to say when a field is left empty (or a choice is not one of those offered), by the
# field's name (the last part of the domain's path).
MISSING: dict[str, str] = {
    "category": "Select a MAPPA category",
    "level": "Select a management level",
    "decided_level": "Select the MAPPA level you decide",
    "lead_agency": "Select the lead agency",
    "start_date": "Enter the start of management",
    "disposal_date": "Enter the date of conviction or caution",
    "family_name": "Enter a family name",
    "given_names": "Enter the given names",
    "date_of_birth": "Enter a date of birth",
    "line1": "Enter the first line of the address",
    "town": "Enter the town or city",
    "postcode": "Enter the postcode",
    "from_date": "Enter the date they started living here",
    "offence_text": "Enter the offence",
    "username": "Enter a username",
    "password": "Enter a password",
    "first_name": "Enter a first name",
    "last_name": "Enter a last name",
    "role": "Select a role",
    "agency": "Select an agency",
    "lawful_basis": "Select the lawful basis for sharing",
    "status": "Select the new status",
    "assessment_date": "Enter the date of the assessment",
    "rationale": "Enter the rationale",
    "summary": "Enter a summary of the decision",
    "what_was_done": "Enter what was done",
    "outcome": "Select your decision",
    "proposed_level": "Select the level you propose",
    "proposed_lead_agency": "Select the agency to lead the case in its new area",
    "handover_note": "Enter the hand-over note, or where the hand-over meeting is recorded",
}

# What to say when a value is given but is not one the field takes, where the domain's own
# words describe the field rather than say what to do.
INVALID: dict[str, str] = {
    "case_id": "Enter a case id as a number, or a reference like FP-A-000001",
    "operation": "Select an operation from the list",
}

_MISSING_TEXT = re.compile(r"^is required\b|''|\bgot None\b")
_BAD_CHOICE = re.compile(r"^(must be (one of\b|\d)|unknown |choose |is not a known )")
_DETAIL = re.compile(r"\s*\((got|it has) [^)]*\)")
# A rule's version and confidence tag ("(mappa-review-2026.1 [M/U])"): kept in the API's
# errors and the "About these figures" small print, never in the words of an error message.
_VERSION = re.compile(r"\s*\((?:[a-z]+-)+\d{4}\.\d+(?:\s*\[[A-Z/]+\])?\)")
_ABOUT_FIELD = re.compile(r"^(must|is|are|cannot|can not|contains|has|needs|should|was) ")
_DATE_FORMAT = re.compile(r"YYYY-MM-DD|is not a date in the calendar")
_ISO_DAY = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
_INDEX = re.compile(r"\.\d+(?=\.|$)")


def field_name(path: str) -> str:
    """The field's own name: the last part of a dotted path (``person.names.0.family_name``)."""
    return _INDEX.sub("", path.lstrip(".")).rpartition(".")[2]


def _in_sentence(label: str) -> str:
    """A label inside a sentence: first letter small unless it starts an acronym (MAPPA)."""
    text = subject(label)
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


def missing_message(path: str, label: str, kind: Kind = "text") -> str:
    """What to do when the field is empty: "Select ..." for a choice, "Enter ..." otherwise."""
    own = MISSING.get(field_name(path))
    if own:
        return own
    verb = "Select" if kind == "choice" else "Enter"
    if label.rstrip().endswith("?"):  # a question names no thing: name the field instead
        label = field_name(path).replace("_", " ")
    whose, _, what = subject(label).rpartition(": ")
    if whose:  # a field of a row: "Action a3: owner" -> "Action a3: select the owner"
        return f"{whose}: {verb.lower()} the {_in_sentence(what)}"
    return f"{verb} the {_in_sentence(label)}"


def govuk_message(path: str, label: str, message: str, *, kind: Kind = "text") -> str:
    """The GOV.UK wording of one domain field error: per field for a missing value or a choice
    outside the list; otherwise the domain's words, led by the field's name when they describe
    it ("Date of birth cannot be in the future"), internal detail such as "(got '')" and a
    rule's version left out, underscores, date formats and ISO dates put into words."""
    text = message.strip()
    if _MISSING_TEXT.search(text):
        return missing_message(path, label, kind)
    if field_name(path) in INVALID:
        return INVALID[field_name(path)]
    if kind == "choice" and _BAD_CHOICE.search(text):
        return missing_message(path, label, kind)
    if _DATE_FORMAT.search(text):
        return f"{subject(label)} must be a real date"
    text = _VERSION.sub("", _DETAIL.sub("", text)).replace("_", " ").strip()
    text = _ISO_DAY.sub(lambda m: long_date(m.group()), text)
    if _ABOUT_FIELD.match(text):
        return f"{subject(label)} {text}"
    return text[:1].upper() + text[1:]
