"""Cross-border exchange (decision 0020): the node's inbox and introduction, and the
operator's screens."""

from __future__ import annotations

from django.urls import path

from .views import exchange, exchange_transport

urlpatterns = [
    path("exchange/inbox/", exchange_transport.receive, name="exchange-inbox"),
    path("exchange/node.json", exchange_transport.introduction, name="exchange-node"),
    path("exchange/checkpoints/", exchange_transport.checkpoints, name="exchange-checkpoints"),
    path("exchange/", exchange.home, name="exchange-home"),
    path("exchange/peers/add/", exchange.add_peer, name="exchange-peer-add"),
    path("exchange/peers/<str:country>/status/", exchange.peer_status, name="exchange-peer-status"),
    path("exchange/keys/rotate/", exchange.rotate_key, name="exchange-rotate-key"),
    path("exchange/messages/", exchange.message_list, name="exchange-messages"),
    path("exchange/messages/<int:message_id>/", exchange.message, name="exchange-message"),
    path("exchange/messages/<int:message_id>/resend/", exchange.resend, name="exchange-resend"),
]
