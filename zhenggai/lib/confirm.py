"""Asking before what cannot be undone (印发, 发布, 审批销号, 退回, 撤销令牌).

One mechanism for all of them, without script (the CSP forbids inline script): a
two-step POST. The first POST, without `confirm=1`, changes nothing and answers with a
page saying what will happen, whose form posts the same fields again with `confirm=1`;
only that second POST acts. The view calls `ask()` after its permission checks and
before it writes:

    if (page := confirm.ask(request, title=…, subject=…, consequences=[…], back=…)):
        return page
"""

from django.shortcuts import render

NOT_CARRIED = {"csrfmiddlewaretoken", "confirm"}


def confirmed(request) -> bool:
    return request.POST.get("confirm") == "1"


def ask(request, *, title, subject, consequences, back, button=None):
    """None once the POST is confirmed; otherwise the confirmation page (200)."""
    if confirmed(request):
        return None
    carried = [
        (name, value)
        for name in request.POST
        if name not in NOT_CARRIED
        for value in request.POST.getlist(name)
    ]
    return render(
        request,
        "confirm.html",
        {
            "title": title,
            "subject": subject,
            "consequences": consequences,
            "back": back,
            "button": button or title,
            "action": request.path,
            "carried": carried,
        },
    )
