"""Cross-border exchange (decision 0020): the node's inbox and introduction, and the
operator's screens."""

from __future__ import annotations

from django.urls import path

from .views import exchange_transport

urlpatterns = [
    path("exchange/inbox/", exchange_transport.receive, name="exchange-inbox"),
    path("exchange/node.json", exchange_transport.introduction, name="exchange-node"),
]
