"""How a stored file goes out: always as an attachment, never as a page.

Evidence and document versions come from many desktops and are opened on others': the
browser must save them, not render them, whatever a stored name or type says.
"""

from django.http import FileResponse, Http404

from zhenggai.reporting.filetypes import content_disposition, download_name, download_type


def attachment(stored, name: str, mime: str) -> FileResponse:
    """`stored` (a FieldFile) as a download named after `name`, with its extension forced
    to the type's, a Content-Type from the allow-list (never text/html), and headers that
    stop a browser from sniffing or running it."""
    try:
        handle = stored.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404("file missing") from None
    response = FileResponse(handle, content_type=download_type(mime))
    response["Content-Disposition"] = content_disposition(download_name(name, mime))
    response["X-Content-Type-Options"] = "nosniff"
    # Should a browser open it anyway, as a sandboxed document with nothing to load.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
