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
    # The ranked ids once (at most query.CANDIDATES): the count and the page come from
    # them, rather than finding and ranking the candidates again for each.
    ranked = []
    if not entries.query.is_empty():  # no words, or nothing the user may read
        ranked = [pk for pk, _rank in entries.values_list("id", "rank")]
    page = Paginator(ranked, 20).get_page(request.GET.get("page"))
    found = SearchEntry.objects.in_bulk(page.object_list)
    return render(
        request,
        "search/search.html",
        {
            "q": q,
            "kind": kind,
            "kinds": SearchEntry.Kind.choices,
            "page": page,
            "hits": hits([found[pk] for pk in page.object_list if pk in found], qwords),
            "words": qwords,
            # Only the first CANDIDATES matches are ranked: say so rather than count more.
            "capped": page.paginator.count >= query.CANDIDATES,
            "candidates": query.CANDIDATES,
        },
    )
