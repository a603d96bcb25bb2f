"""The channel guide: for a situation (a conviction to share, a person travelling, a person
wanted, a measure to transfer), which channels apply, what may be sent on each and on what
legal basis, and the conditions.

The guide is versioned data (``data/channels.json``) with a confidence tag and source keys on
every item: ECRIS ([FD-2009-315]; the United Kingdom under [TCA-2020]), SIS Article 36 alerts
([SIS-2018-1862]), Interpol Green Notices and diffusions ([INTERPOL-RPD]), Europol through
SIENA within its mandate ([EUROPOL-2016-794]), supervision transfer ([FD-2008-947]), a risk
notification to a peer node ([SOMEC-2015]: risk information does not otherwise cross a
border) and bilateral liaison. A channel that needs both states to take part (SIS, Europol,
the framework decisions) is shown as not available, with the reason, when either does not.
It is guidance for the person composing, not a decision: it never sends anything.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from ..errors import DomainValidationError
from ..vocabulary import Vocabulary
from . import codes
from .envelope import MessageType


class Situation(Vocabulary):
    CONVICTION_TO_SHARE = "conviction_to_share", "A conviction to share"
    PERSON_TRAVELLING = "person_travelling", "A person travelling or moving abroad"
    PERSON_WANTED = "person_wanted", "A person wanted"
    MEASURE_TO_TRANSFER = "measure_to_transfer", "A probation measure to transfer"


@dataclass(frozen=True)
class ChannelAdvice:
    channel: str  # key, e.g. "sis_article_36"
    name: str
    what: tuple[str, ...]  # what may be sent on it
    legal_basis: str
    conditions: tuple[str, ...]
    sources: tuple[str, ...]  # docs/sources.md keys
    tag: str  # [C], [M] or [U]
    available: bool
    why_not: str  # when not available: which state does not take part
    participation_note: str
    message_types: tuple[MessageType, ...]  # what this platform can send on it ("" = outside)

    @property
    def confirmed(self) -> bool:
        return self.tag == "[C]"

    @property
    def sent_from_here(self) -> bool:
        """Whether this platform sends on the channel itself (otherwise it is a pointer to a
        system run elsewhere: SIRENE, the National Central Bureau, the Europol national unit)."""
        return bool(self.message_types)


@cache
def _data() -> dict[str, Any]:
    text = resources.files(__package__).joinpath("data", "channels.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


GUIDE_VERSION: str = _data()["version"]


def _takes_part(group: str, country: str, peers: frozenset[str] | None) -> bool | None:
    """True/False, or None when not known (peers not given)."""
    states = _data()["participants"][group]["states"]
    if states == "all":
        return True
    if states == "peers":
        return None if peers is None else country in peers
    return country in states


def guide(
    situation: Situation | str,
    destination_country: str,
    *,
    origin_country: str | None = None,
    peers: frozenset[str] | None = None,
) -> list[ChannelAdvice]:
    """The channels for ``situation`` towards ``destination_country``, in the guide's order:
    each says whether it is available between ``origin_country`` (this node, when given) and
    the destination, and if not, why. ``peers`` are the countries of this node's active peers,
    when known."""
    try:
        kind = Situation(situation)
    except ValueError:
        raise DomainValidationError.single(
            "situation", "choose one of " + ", ".join(s.value for s in Situation)
        ) from None
    dest = codes.country_code(destination_country)
    if dest is None:
        raise DomainValidationError.single(
            "destination_country", f"unknown country code {destination_country!r}"
        )
    origin = codes.country_code(origin_country) if origin_country else None
    data = _data()
    out = []
    for item in data["situations"][kind.value]["advice"]:
        channel = data["channels"][item["channel"]]
        group = channel["participants"]
        participants = data["participants"][group]
        why_not = []
        for role, country in (("destination", dest), ("sending state", origin)):
            if country is None or (group == "node" and country == origin):
                continue  # a node is not its own peer
            if _takes_part(group, country, peers) is False:
                why_not.append(
                    f"{codes.country_name(country)} (the {role}) does not take part"
                    if group != "node"
                    else f"{codes.country_name(country)} is not a peer node"
                )
        out.append(
            ChannelAdvice(
                channel=item["channel"],
                name=channel["name"],
                what=tuple(item["what"]),
                legal_basis=channel["legal_basis"],
                conditions=tuple(item["conditions"]),
                sources=tuple(dict.fromkeys([*item["sources"], *channel["sources"]])),
                tag=item["tag"],
                available=not why_not,
                why_not="; ".join(why_not),
                participation_note=participants.get("note", ""),
                message_types=tuple(MessageType(t) for t in channel["message_types"]),
            )
        )
    return out


def situation_for(type: MessageType | str) -> Situation | None:
    """The situation a message being composed belongs to (to show the guide beside it)."""
    kind = MessageType(type)
    if kind in (
        MessageType.CONVICTION_NEW,
        MessageType.CONVICTION_UPDATE,
        MessageType.CONVICTION_DELETION,
    ):
        return Situation.CONVICTION_TO_SHARE
    if kind is MessageType.RISK_NOTIFICATION:
        return Situation.PERSON_TRAVELLING
    if kind is MessageType.RECORD_REQUEST:
        return Situation.PERSON_WANTED
    if kind is MessageType.SUPERVISION_TRANSFER_REQUEST:
        return Situation.MEASURE_TO_TRANSFER
    return None
