"""The API's interactive documentation at /api/v1/docs: Swagger UI from the project's own npm
build (``static/build/swagger-ui/``, no CDN), started by a static script (no inline script:
the Content-Security-Policy allows neither), and only for people signed in to the web UI.
The OpenAPI document itself (/api/v1/openapi.json) stays open: it describes routes, never
records (decision 0029)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET
from ninja.openapi.docs import DocsBase

if TYPE_CHECKING:
    from ninja import NinjaAPI


class OwnSwagger(DocsBase):
    """Swagger UI rendered from ``api/docs.html`` with the project's own assets."""

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        settings = {
            "url": self.get_openapi_url(api, kwargs),
            "layout": "BaseLayout",
            "deepLinking": True,
        }
        return render(request, "api/docs.html", {"api": api, "swagger_settings": settings})


@login_required
@require_GET
def docs(request: HttpRequest) -> HttpResponse:
    """The documentation page, for signed-in users only (anyone else goes to sign in)."""
    from .routes import api

    return OwnSwagger().render_page(request, api)
