"""The HTTP answer for a downloaded document, the same from the web UI and the API: its bytes,
its type and the file name its audit row records (``domain.exports``). A PDF opens in the
browser (``inline``); a calendar entry or a CSV file is saved (``attachment``). Like every
answer but static assets it is never cached (``Cache-Control: no-store``, middleware)."""

from __future__ import annotations

from django.http import HttpResponse

from fourpillars.domain.exports import Export


def download(content: bytes | str, export: Export) -> HttpResponse:
    response = HttpResponse(content, content_type=export.content_type)
    how = "inline" if export.format == "pdf" else "attachment"
    response["Content-Disposition"] = f'{how}; filename="{export.filename}"'
    return response
