"""A message's content in plain words, codes in the reader's language."""

from __future__ import annotations

import pytest

from fourpillars.domain.exchange import content
from fourpillars.domain.exchange.describe import Row, describe

from .payloads import PAYLOADS, payload


def flat(rows: tuple[Row, ...], prefix: str = "") -> dict[str, Row]:
    out: dict[str, Row] = {}
    for r in rows:
        key = f"{prefix}{r.label}"
        out[key] = r
        out.update(flat(r.rows, key + " / "))
    return out


@pytest.mark.parametrize("kind", sorted(PAYLOADS))
def test_every_message_type_can_be_described_without_raw_values(kind: str) -> None:
    rows = flat(describe(content.parse_payload(kind, payload(kind)), "nl"))
    assert rows
    texts = [r.text for r in rows.values()]
    assert not any("_" in r.label for r in rows.values())
    assert "True" not in texts and "False" not in texts


def test_a_conviction_in_latvian() -> None:
    rows = flat(describe(content.parse_payload("conviction_new", payload("conviction_new")), "lv"))
    offence = rows["Conviction / Offences / 1 / Code"]
    assert (offence.text, offence.unverified, offence.fell_back) == ("Izvarošana", True, False)
    assert rows["Conviction / Offences / 1 / Completion"].text == "Completed"
    assert rows["Conviction / Offences / 2 / Date"].text == "2018-06 (day or month not known)"
    assert rows["Conviction / Penalties / 1 / Code"].text == "Brīvības atņemšana uz noteiktu laiku"
    assert rows["Conviction / Conviction date"].text == "1 March 2019"
    assert rows["Person / Aliases / 1"].text == "Янис Озолиньш (yanis ozolinsh)"
    assert rows["Person / Nationalities / 1"].text == "Latvia"
    assert rows["Person / Identifiers / 1"].text == "Passport number: lv1234567, Latvia"


def test_a_code_without_a_label_in_the_language_falls_back_and_says_so() -> None:
    data = payload("conviction_new")
    data["conviction"]["offences"][0]["code"] = "1005 00"
    rows = flat(describe(content.parse_payload("conviction_new", data), "lv"))
    code = rows["Conviction / Offences / 1 / Code"]
    assert (code.text, code.fell_back) == ("1005 00: Indecent exposure", True)


def test_a_risk_notification_in_english() -> None:
    rows = flat(describe(content.parse_payload("risk_notification", payload("risk_notification"))))
    assert rows["Ratings / 1 / Group"].text == "Children"
    assert rows["Ratings / 1 / Rating"].text == "High"
    assert rows["Category"].text == "Registered sexual offender"
    assert rows["Offences / 1"].text == "Sexual assault of a minor"
    assert rows["Contact / Available 24 hours a day, 7 days a week"].text == "Yes"
    assert rows["Travel / Destinations / 1 / Country"].text == "Netherlands"
