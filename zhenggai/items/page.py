"""What the item page shows beyond the item itself: the moves the reader may make, the
progress reports, the evidence, pending deadline extensions and the audit trail.

The predicates decide which forms appear; the model methods decide on submit.
"""

from django.db.models import Prefetch

from zhenggai.accounts.models import UNIT_ROLES
from zhenggai.audit.labels import describe
from zhenggai.audit.models import AuditEntry
from zhenggai.items import measure
from zhenggai.lib import clock
from zhenggai.meetings.models import meetings_for
from zhenggai.reporting.models import Evidence, Period, ProgressReport
from zhenggai.tasks import permissions
from zhenggai.tasks.forms import form_for
from zhenggai.tasks.models import REPORTABLE_STATUSES, DeadlineExtension
from zhenggai.tasks.moves import MOVES
from zhenggai.units.models import Unit


def _form_state(error, form):
    """(message, posted data) when `error` belongs to `form`."""
    if error is not None and error.form == form:
        return error.message, error.posted
    return None, None


def _moves(user, task, error, units):
    """The forms of the moves `user` may make now, from the move table; the one that was
    sent comes back bound to what the user typed, with its message."""
    moves = []
    for spec in MOVES.values():
        if spec.form == "none" or not permissions.can(user, spec.name, task):
            continue
        if spec.name == "set_assignment" and permissions.can_assign(user, task):
            continue  # 下达 sets the same fields
        message, posted = _form_state(error, spec.name)
        form = form_for(spec.name, task, posted, units=units)
        moves.append({"spec": spec, "form": form, "error": message})
    return moves


def _reports(user, task, can_edit, error):
    reviewer = can_edit and permissions.can_review_reports(user, task)
    reports = list(
        task.reports.select_related("unit", "author", "reviewed_by")
        # Orders within the one item: the models' orderings start with the item, which
        # joins every row to the ledger's order of items.
        .order_by("-period_start", "unit")
        .prefetch_related(Prefetch("evidence", Evidence.objects.order_by("-uploaded_at", "-id")))
    )
    for r in reports:
        r.can_review = reviewer and r.status == ProgressReport.Status.SUBMITTED
        r.can_revise = (
            can_edit
            and user.role in UNIT_ROLES
            and user.unit_id == r.unit_id
            and r.status in (ProgressReport.Status.SUBMITTED, ProgressReport.Status.RETURNED)
            and task.status in REPORTABLE_STATUSES
        )
        r.error = r.error_form = None
        r.posted_text = ""
        r.revise_text = r.text
        for decision in ("accept", "return", "revise"):
            message, posted = _form_state(error, f"report-{r.pk}-{decision}")
            if message is not None:
                r.error, r.error_form = message, decision
                r.posted_text = posted.get("text", "")
                if decision == "revise":
                    r.revise_text = r.posted_text
    return reports


def context(user, task, can_edit, error=None) -> dict:
    report_error, report_posted = _form_state(error, "report")
    evidence_error, _posted = _form_state(error, "evidence")
    decide = can_edit and permissions.can_decide_extension(user, task)
    extensions = list(
        task.extensions.select_related("requested_by", "decided_by").order_by(
            "-requested_at", "-id"
        )
    )
    for x in extensions:
        x.can_decide = decide and x.status == DeadlineExtension.Status.PENDING
        x.error, posted = _form_state(error, f"extension-{x.pk}")
        if not x.can_decide:
            x.error = None
        x.posted_text = posted.get("text", "") if posted else ""
    audit = describe(list(AuditEntry.objects.for_task(task)[:200]))
    measure_context = measure.context(user, task, error)
    may_move = can_edit or permissions.can_approve(user, task)
    units = (
        list(Unit.objects.filter(is_active=True).only("id", "name"))
        if may_move and permissions.can_set_assignment(user, task)
        else []
    )
    moves = _moves(user, task, error, units) if may_move else []
    reports = _reports(user, task, can_edit, error)
    can_report = can_edit and permissions.can_report(user, task)
    can_attach = can_edit and permissions.can_attach(user, task)
    # The forms on the page: an error for a form that is not shown (the item moved on, or
    # the user may not make the move) goes at the top of the actions instead.
    shown = {m["spec"].name for m in moves}
    shown.update(f"extension-{x.pk}" for x in extensions if x.can_decide)
    for r in reports:
        if r.can_review:
            shown.update((f"report-{r.pk}-accept", f"report-{r.pk}-return"))
        if r.can_revise:
            shown.add(f"report-{r.pk}-revise")
        if r.error and f"report-{r.pk}-{r.error_form}" not in shown:
            r.error = None
    if can_report:
        shown.add("report")
    if can_attach:
        shown.add("evidence")
    if measure_context:
        shown.add(measure.FORM)
    page_error = error.message if error is not None and error.form not in shown else None
    return {
        "page_error": page_error,
        "can_edit": can_edit,
        "version": task.version,
        "moves": moves,
        "reports": reports,
        "can_report": can_report,
        "periods": Period.choices,
        "report_form": {
            "error": report_error,
            "period": report_posted.get("period", Period.WEEK) if report_posted else Period.WEEK,
            "day": report_posted.get("day", "") if report_posted else clock.today().isoformat(),
            "text": report_posted.get("text", "") if report_posted else "",
        },
        "evidence_list": list(
            task.evidence.select_related("uploaded_by", "report").order_by("-uploaded_at", "-id")
        ),
        "can_attach": can_attach,
        "evidence_error": evidence_error,
        "extensions": extensions,
        "audit": audit,
        "meetings": list(meetings_for(task)),
        "form_error": error,
        **measure_context,
    }
