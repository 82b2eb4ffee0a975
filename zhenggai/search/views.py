from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from zhenggai.search import query
from zhenggai.search.models import SearchEntry
from zhenggai.search.query import hits, search


@login_required
def search_page(request):
    q = request.GET.get("q", "").strip()[:100]
    kind = request.GET.get("kind") or None
    if kind not in SearchEntry.Kind.values:
        kind = None
    entries, qwords = search(request.user, q, kind)
    page = Paginator(entries, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "search/search.html",
        {
            "q": q,
            "kind": kind,
            "kinds": SearchEntry.Kind.choices,
            "page": page,
            "hits": hits(page.object_list, qwords),
            "words": qwords,
            # Only the first CANDIDATES matches are ranked: say so rather than count more.
            "capped": page.paginator.count >= query.CANDIDATES,
            "candidates": query.CANDIDATES,
        },
    )
