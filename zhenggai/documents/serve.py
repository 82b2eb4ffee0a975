"""Downloads of a frozen document's stored files: conditional, cacheable, never rendered
on the request when the file is stored."""

from django.http import Http404, HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from zhenggai.documents.models import Rendition

# A frozen file never changes; a day lets proxies and browsers keep it, and the ETag
# lets them revalidate for the price of one small query.
CACHE_CONTROL = "public, max-age=86400"


def stored_file(obj, kind: str, render) -> Rendition:
    """The stored `kind` file of a frozen `obj`, without its bytes loaded.

    Versions frozen before files were stored get theirs rendered once, on the first
    download, and kept."""
    rendition = Rendition.objects.of(obj).filter(kind=kind).defer("data").first()
    if rendition is None:
        rendition = Rendition.store(obj, kind, render(obj))
    return rendition


def serve(
    request, obj, kind: str, render, content_type: str, filename: str, inline=False, public=True
):
    """The stored file as a response; 304 when the client's copy is current. Files only
    some roles may read are `public=False`: browsers keep them, proxies do not."""
    rendition = stored_file(obj, kind, render)
    last_modified = rendition.created_at.timestamp()
    headers = {
        "ETag": rendition.etag,
        "Last-Modified": http_date(last_modified),
        "Cache-Control": CACHE_CONTROL if public else "private, max-age=0, must-revalidate",
    }
    not_modified = get_conditional_response(
        request, etag=rendition.etag, last_modified=int(last_modified)
    )
    if not_modified is not None:
        for name, value in headers.items():
            not_modified[name] = value
        return not_modified
    try:
        data = rendition.read()
    except FileNotFoundError:
        raise Http404("file missing") from None
    response = HttpResponse(data, content_type=content_type, headers=headers)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response
