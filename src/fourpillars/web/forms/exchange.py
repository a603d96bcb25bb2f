"""Forms of the node operator's screens (decision 0020): adding a peer, filtering messages."""

from __future__ import annotations

from django import forms

from fourpillars.domain.exchange.envelope import MessageType
from fourpillars.domain.exchange.transport import Direction, MessageStatus

from . import widgets as w
from .base import GovukForm


class AddPeerForm(GovukForm):
    url = forms.CharField(
        label="Address of the peer's introduction",
        help_text="The node.json address its operator gave you, such as "
        "https://node.example.nl/exchange/node.json",
        max_length=500,
        widget=w.text(),
    )


class MessageFilterForm(GovukForm):
    # Plain fields with select widgets: the service checks each value and names the field.
    direction = forms.CharField(
        label="Sent or received",
        required=False,
        widget=forms.Select(choices=w.blank("Both") + Direction.choices()),
    )
    status = forms.CharField(
        label="Status",
        required=False,
        widget=forms.Select(choices=w.blank("Any status") + MessageStatus.choices()),
    )
    type = forms.CharField(
        label="Type",
        required=False,
        widget=forms.Select(choices=w.blank("Any type") + MessageType.choices()),
    )
    peer = forms.CharField(label="Country", required=False, max_length=2, widget=w.text(2))
