from __future__ import annotations

from ninja import NinjaAPI

api = NinjaAPI(title="Four Pillars API", version="1")
