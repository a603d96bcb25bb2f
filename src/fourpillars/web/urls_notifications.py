"""The URL map of the notifications screens (decision 0017). Included from ``web/urls.py``;
``tests/web/test_notification_permissions`` checks every name here against the whole cast."""

from __future__ import annotations

from django.urls import path

from .views import notifications

urlpatterns = [
    path("notifications/", notifications.notifications, name="notifications"),
    path(
        "notifications/<int:notification_id>/read/",
        notifications.mark_read,
        name="notification-read",
    ),
    path("notifications/read-all/", notifications.mark_all_read, name="notifications-read-all"),
]
