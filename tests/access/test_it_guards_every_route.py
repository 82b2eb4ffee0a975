"""Every route the URLconf and the API declare, for every role: the status the rules say.

A route without a line in RULES fails `test_it_has_a_rule_for_every_route`: whoever adds
a page or an API route says here who may use it.

Each rule names who gets through (`ok`: any answer but 401/403/404/405 and 5xx for a
POST; 200, or the given code, for a GET), who learns nothing (`hidden`: 404) and who is
told no (everyone else signed in: `refused`, 403 unless said). Anonymous visitors go to
the login page (302), get 401 from the API, or read the public pages.
"""

from dataclasses import dataclass, field

import pytest
from django.urls import get_resolver
from django.urls.resolvers import URLResolver

from tests.access.conftest import ROLES
from zhenggai.api.models import ApiToken

SIGNED_IN = frozenset(ROLES) - {"anonymous"}
# Whole-ledger readers of the district: its own, and the city's office above it (which
# reads and moves nothing). The sibling district's office reads none of it.
WHOLE = frozenset({"office", "leader", "discipline", "observer", "superuser", "city_office"})
UNITS = frozenset({"lead_liaison", "shared_liaison", "other_liaison"})
OFFICE = frozenset({"office"})
# Who reads item t1 (led by the lead unit, shared by the shared unit).
T1 = WHOLE | {"lead_liaison", "shared_liaison"}
NOT_T1 = SIGNED_IN - T1
ACCOUNTS = frozenset({"office", "admin", "superuser"})
ACCOUNTABILITY = frozenset(
    {"office", "discipline", "leader", "observer", "superuser", "city_office"}
)
# The sibling district's office: an office of its own ledger, which opens the office's
# pages but learns nothing of this district's records (404).
SIBLING = frozenset({"sibling_office"})
OFFICES = OFFICE | SIBLING


@dataclass(frozen=True)
class Rule:
    kwargs: object  # world -> URL kwargs
    ok: frozenset
    hidden: frozenset = frozenset()
    method: str = "GET"
    status: int = 200  # what `ok` roles get on GET
    refused: int = 403
    public: bool = False  # anonymous visitors are `ok` too
    api: bool = False
    # Per-role answers that differ from the above (redirects).
    special: dict = field(default_factory=dict)


def no(w):
    return {}


def t1(w):
    return {"pk": w.t1.pk}


def item(w):
    return {"item_id": w.t1.pk}


def street(w):
    """A street under the district (the world has none): the office manages it."""
    from zhenggai.organisations.models import Organisation

    node = Organisation.objects.filter(name="沙面街道").first() or Organisation.create(
        None, "沙面街道", Organisation.Kind.STREET, parent=w.district
    )
    return {"pk": node.pk}


# Who draws the organisation tree: administrators all of it, an office below its own.
ORG_TREE = frozenset({"admin", "superuser"}) | OFFICES


def message_channel():
    """A district channel with one failed message (the world has none)."""
    from zhenggai.inbox.models import Channel, WebhookDelivery

    channel, made = Channel.objects.get_or_create(
        name="区整改办群",
        defaults={"kind": "generic", "url": "https://hooks.example.gov.cn/zhenggai"},
    )
    if made:
        WebhookDelivery.objects.create(
            channel=channel,
            subject_kind="task",
            object_id=1,
            period="2030-10-31",
            level="red",
            title="【红灯】",
            status="failed",
        )
    return channel


RULES = {
    "home": Rule(no, SIGNED_IN),
    "todo": Rule(no, SIGNED_IN),
    "todo_count": Rule(no, SIGNED_IN),
    "ledger": Rule(no, SIGNED_IN),
    "task": Rule(t1, T1, hidden=NOT_T1),
    "task_move": Rule(
        lambda w: {"pk": w.t1.pk, "move": "request_closure"},
        {"lead_liaison"},
        hidden=NOT_T1,
        method="POST",
    ),
    "task_measure": Rule(t1, OFFICE, hidden=NOT_T1, method="POST"),
    "task_report": Rule(t1, {"lead_liaison", "shared_liaison"}, hidden=NOT_T1, method="POST"),
    "task_report_review": Rule(
        lambda w: {"pk": w.t1.pk, "rid": w.report.pk, "decision": "accept"},
        OFFICE,
        hidden=NOT_T1,
        method="POST",
    ),
    "task_evidence_upload": Rule(
        t1, {"office", "lead_liaison", "shared_liaison"}, hidden=NOT_T1, method="POST"
    ),
    "task_evidence": Rule(lambda w: {"pk": w.t1.pk, "eid": w.evidence.pk}, T1, hidden=NOT_T1),
    "task_extension": Rule(
        lambda w: {"pk": w.t1.pk, "xid": w.extension.pk, "decision": "approve"},
        OFFICE,
        hidden=NOT_T1,
        method="POST",
    ),
    "audit": Rule(no, WHOLE | SIBLING),
    "units": Rule(no, WHOLE | SIBLING, special={r: 302 for r in UNITS | {"admin"}}),
    "unit": Rule(
        lambda w: {"pk": w.lead.pk},
        WHOLE | {"lead_liaison"},
        hidden={"shared_liaison", "other_liaison", "admin"} | SIBLING,
    ),
    "my_unit": Rule(no, WHOLE | UNITS | SIBLING, status=302, hidden={"admin"}),
    "manage": Rule(no, OFFICES),
    "manage_inspections": Rule(no, OFFICES),
    "manage_inspection_new": Rule(no, OFFICES),
    "manage_inspection": Rule(
        lambda w: {"pk": w.campaign.inspections.first().pk}, OFFICE, hidden=SIBLING
    ),
    "manage_findings": Rule(no, OFFICES),
    # The sibling district keeps no campaign yet: sent to make one first.
    "manage_finding_new": Rule(no, OFFICES, special={"sibling_office": 302}),
    "manage_finding": Rule(lambda w: {"pk": w.leaf.pk}, OFFICE, hidden=SIBLING),
    "manage_finding_task": Rule(lambda w: {"pk": w.leaf.pk}, OFFICE, method="POST", hidden=SIBLING),
    "manage_units": Rule(no, OFFICES),
    "manage_unit_new": Rule(no, OFFICES),
    "manage_unit": Rule(lambda w: {"pk": w.lead.pk}, OFFICE, hidden=SIBLING),
    "ledger_export": Rule(no, SIGNED_IN),
    "ledger_import": Rule(no, OFFICES),
    "plan_import": Rule(no, OFFICES),
    "feedback_public": Rule(no, SIGNED_IN, public=True),
    "feedback_thanks": Rule(lambda w: {"token": "unknown"}, frozenset(), public=True, status=404),
    "feedback_list": Rule(no, WHOLE | UNITS | SIBLING),
    "feedback_new": Rule(no, OFFICES),
    "feedback_detail": Rule(
        lambda w: {"pk": w.feedback.pk},
        WHOLE | {"shared_liaison"},
        hidden={"lead_liaison", "other_liaison", "admin"} | SIBLING,
    ),
    "feedback_action": Rule(
        lambda w: {"pk": w.feedback.pk, "action": "reply"},
        {"office", "shared_liaison"},
        hidden={"lead_liaison", "other_liaison", "admin"} | SIBLING,
        method="POST",
    ),
    "search": Rule(no, SIGNED_IN),
    "publication:list": Rule(no, OFFICES),
    "publication:new": Rule(no, OFFICE, method="POST", hidden=SIBLING),
    "publication:preview": Rule(lambda w: {"pk": w.public_draft.pk}, OFFICE, hidden=SIBLING),
    "publication:edit": Rule(lambda w: {"pk": w.public_draft.pk}, OFFICE, hidden=SIBLING),
    "publication:refresh": Rule(
        lambda w: {"pk": w.public_draft.pk}, OFFICE, method="POST", hidden=SIBLING
    ),
    "publication:publish": Rule(
        lambda w: {"pk": w.public_draft.pk}, OFFICE, method="POST", hidden=SIBLING
    ),
    "publication:public_list": Rule(no, SIGNED_IN, public=True),
    "publication:public_detail": Rule(lambda w: {"pk": w.public.pk}, SIGNED_IN, public=True),
    "publication:public_download": Rule(
        lambda w: {"pk": w.public.pk, "kind": "txt"}, SIGNED_IN, public=True
    ),
    "meetings:meetings": Rule(no, SIGNED_IN),
    "meetings:meeting_new": Rule(no, OFFICES),
    "meetings:meeting": Rule(
        lambda w: {"pk": w.meeting.pk}, WHOLE | UNITS, hidden={"admin"} | SIBLING
    ),
    "meetings:meeting_edit": Rule(lambda w: {"pk": w.meeting.pk}, OFFICE, hidden=SIBLING),
    "meetings:documents": Rule(no, SIGNED_IN),
    "meetings:document_new": Rule(no, OFFICES),
    "meetings:document": Rule(
        lambda w: {"pk": w.document.pk}, WHOLE | UNITS, hidden={"admin"} | SIBLING
    ),
    "meetings:version_new": Rule(
        lambda w: {"pk": w.document.pk}, OFFICE, method="POST", hidden=SIBLING
    ),
    "meetings:version_download": Rule(
        lambda w: {"pk": w.document.pk, "vid": w.version.pk},
        WHOLE | UNITS,
        hidden={"admin"} | SIBLING,
    ),
    "accountability:records": Rule(no, ACCOUNTABILITY | SIBLING),
    "accountability:summary": Rule(no, ACCOUNTABILITY | SIBLING),
    "accountability:record_new": Rule(no, {"office", "discipline", "sibling_office"}),
    "accountability:record": Rule(
        lambda w: {"pk": w.accountability.pk}, ACCOUNTABILITY, hidden=SIBLING
    ),
    "accountability:record_edit": Rule(
        lambda w: {"pk": w.accountability.pk}, {"office", "discipline"}, hidden=SIBLING
    ),
    "briefings:list": Rule(no, WHOLE | SIBLING),
    "briefings:new": Rule(no, OFFICES, method="POST"),
    # Units and the administrator may not use the briefings at all: 403 before any lookup.
    "briefings:preview": Rule(lambda w: {"pk": w.issued.pk}, WHOLE, hidden=SIBLING),
    "briefings:edit": Rule(lambda w: {"pk": w.draft.pk}, OFFICE, hidden=SIBLING),
    "briefings:issue": Rule(lambda w: {"pk": w.draft.pk}, OFFICE, method="POST", hidden=SIBLING),
    "briefings:download": Rule(
        lambda w: {"pk": w.issued.pk, "kind": "docx"}, WHOLE, hidden=SIBLING
    ),
    "rhythm:overview": Rule(no, WHOLE | SIBLING),
    "rhythm:schedule_new": Rule(no, OFFICES),
    "rhythm:notices": Rule(no, WHOLE | UNITS | SIBLING),
    "rhythm:notice_new": Rule(no, OFFICES | {"city_office"}),
    "rhythm:notice_download": Rule(
        lambda w: {"pk": w.notice.pk, "kind": "docx"},
        WHOLE | {"lead_liaison"},
        hidden={"shared_liaison", "other_liaison", "admin"} | SIBLING,
    ),
    "indicators:catalogue": Rule(no, WHOLE | SIBLING),
    "indicators:detail": Rule(lambda w: {"pk": w.indicator.pk}, WHOLE | SIBLING),
    "indicators:confirm": Rule(no, OFFICES, method="POST"),
    "rhythm:notice": Rule(
        lambda w: {"pk": w.notice.pk},
        WHOLE | {"lead_liaison"},
        hidden={"shared_liaison", "other_liaison", "admin"} | SIBLING,
    ),
    "inbox:list": Rule(no, SIGNED_IN),
    "inbox:read": Rule(
        lambda w: {"pk": w.note.pk},
        {"lead_liaison"},
        hidden=SIGNED_IN - {"lead_liaison"},
        method="POST",
    ),
    "inbox:read_all": Rule(no, SIGNED_IN, method="POST"),
    "inbox:preferences": Rule(no, SIGNED_IN),
    "inbox:channels": Rule(no, OFFICES),
    "inbox:channel_new": Rule(no, OFFICES),
    # The district office's own group: the sibling district's office manages only its own.
    "inbox:channel_edit": Rule(lambda w: {"pk": message_channel().pk}, OFFICE, hidden=SIBLING),
    "inbox:mandatory": Rule(no, OFFICES, method="POST"),
    "inbox:delivery_retry": Rule(
        lambda w: {"pk": message_channel().deliveries.get().pk},
        OFFICE,
        hidden=SIBLING,
        method="POST",
    ),
    "login": Rule(no, frozenset(), public=True, special={r: 302 for r in SIGNED_IN}),
    "own_password": Rule(no, SIGNED_IN),
    "manage_users": Rule(no, ACCOUNTS | SIBLING),
    "manage_user_new": Rule(no, ACCOUNTS | SIBLING),
    "manage_user": Rule(lambda w: {"pk": w.shared_liaison.pk}, ACCOUNTS, hidden=SIBLING),
    "manage_user_password": Rule(lambda w: {"pk": w.shared_liaison.pk}, ACCOUNTS, hidden=SIBLING),
    "manage_user_unlock": Rule(
        lambda w: {"pk": w.shared_liaison.pk}, ACCOUNTS, method="POST", hidden=SIBLING
    ),
    "manage_logins": Rule(no, {"admin", "superuser"}),
    "manage_organisations": Rule(no, ORG_TREE),
    "manage_organisation_new": Rule(no, ORG_TREE),
    # The street is below the district: not the sibling office's to see.
    "manage_organisation": Rule(street, {"admin", "superuser", "office"}, hidden=SIBLING),
    "manage_organisation_move": Rule(
        street, {"admin", "superuser", "office"}, hidden=SIBLING, method="POST"
    ),
    "logout": Rule(no, SIGNED_IN, method="POST", public=True),
    "set_language": Rule(no, SIGNED_IN, method="POST", public=True),
    "api_tokens": Rule(no, SIGNED_IN),
    "api_token_revoke": Rule(
        lambda w: {"pk": w.token.pk},
        {"lead_liaison"},
        hidden=SIGNED_IN - {"lead_liaison"},
        method="POST",
    ),
    # The API: a token for every signed-in role; none → 401.
    "api-v1:openapi-json": Rule(no, SIGNED_IN, public=True),
    "api-v1:openapi-view": Rule(no, SIGNED_IN, public=True),
    "api-v1:api-root": Rule(no, frozenset(), public=True, status=404),
    "oversight:board": Rule(no, WHOLE | {"sibling_office"}),
    "oversight:reports": Rule(no, WHOLE | {"sibling_office"}),
    # Both districts report to the city; the city office has nobody above it.
    "oversight:report_new": Rule(no, {"office", "sibling_office"}, method="POST"),
    "oversight:report": Rule(
        lambda w: {"pk": w.upward.pk},
        WHOLE,
        hidden=UNITS | {"admin", "sibling_office"},
    ),
    "oversight:report_receive": Rule(
        lambda w: {"pk": w.upward.pk},
        {"city_office"},
        hidden=UNITS | {"admin", "sibling_office"},
        method="POST",
    ),
    "api-v1:oversight_rows": Rule(no, WHOLE | {"sibling_office"}, api=True),
    "api-v1:list_inspections": Rule(no, SIGNED_IN, api=True),
    "api-v1:findings_tree": Rule(no, SIGNED_IN - SIBLING, hidden=SIBLING, api=True),
    "api-v1:list_items": Rule(no, SIGNED_IN, api=True),
    "api-v1:get_item": Rule(item, T1, hidden=NOT_T1, api=True),
    "api-v1:list_units": Rule(no, SIGNED_IN, api=True),
    "api-v1:todo": Rule(no, SIGNED_IN, api=True),
    "api-v1:figures": Rule(no, SIGNED_IN, api=True),
    "api-v1:item_transitions": Rule(item, T1, hidden=NOT_T1, api=True),
    "api-v1:move_item": Rule(item, {"lead_liaison"}, hidden=NOT_T1, api=True, method="POST"),
    "api-v1:list_reports": Rule(no, SIGNED_IN, api=True),
    "api-v1:file_report": Rule(
        item, {"lead_liaison", "shared_liaison"}, hidden=NOT_T1, api=True, method="POST"
    ),
    "api-v1:list_briefings": Rule(no, SIGNED_IN, api=True),
    "api-v1:get_briefing": Rule(
        lambda w: {"briefing_id": w.issued.pk}, WHOLE, hidden=UNITS | {"admin"} | SIBLING, api=True
    ),
    "api-v1:list_feedback": Rule(no, SIGNED_IN, api=True),
    "api-v1:get_feedback": Rule(
        lambda w: {"feedback_id": w.feedback.pk},
        WHOLE | {"shared_liaison"},
        hidden={"lead_liaison", "other_liaison", "admin"} | SIBLING,
        api=True,
    ),
}

# Query strings some routes need to get past their own validation.
QUERY = {"api-v1:findings_tree": lambda w: {"campaign": w.campaign.pk}}
# POST bodies: enough to reach the rule, not necessarily to succeed.
BODY = {
    "api-v1:move_item": lambda w: {"move": "request_closure", "text": "已完成", "version": 1},
    "api-v1:file_report": lambda w: {"period": "week", "day": "2030-10-01", "text": "进展"},
    "publication:new": lambda w: {"campaign": w.campaign.pk},
}


def routes():
    """(name, path pattern) of every route but the admin's."""
    found = []

    def walk(resolver, prefix, namespace):
        for p in resolver.url_patterns:
            if isinstance(p, URLResolver):
                walk(p, prefix + str(p.pattern), p.namespace or namespace)
            elif not prefix.startswith("admin/"):
                found.append((f"{namespace}:{p.name}" if namespace else p.name, str(p.pattern)))

    walk(get_resolver(), "", None)
    return found


def test_it_has_a_rule_for_every_route():
    missing = sorted({name for name, _ in routes()} - set(RULES))
    assert not missing, f"routes without an access rule in this test: {missing}"


def expected(rule: Rule, role: str) -> set[int] | None:
    """The statuses `role` may get; None for 'got through' on a POST."""
    if role in rule.special:
        return {rule.special[role]}
    if role == "anonymous":
        if rule.public:
            return {rule.status} if rule.method == "GET" else None
        return {401} if rule.api else {302}
    if role in rule.ok:
        return {rule.status} if rule.method == "GET" else None
    if role in rule.hidden:
        return {404}
    if rule.public and not rule.ok:
        return {rule.status}
    return {rule.refused}


def _request(client, world, name, rule, role):
    from django.urls import reverse

    url = reverse(name, kwargs=rule.kwargs(world))
    headers = {}
    if rule.api and role != "anonymous":
        _token, key = ApiToken.issue(world.people[role], "test")
        headers["HTTP_AUTHORIZATION"] = f"Bearer {key}"
    elif role != "anonymous":
        client.force_login(world.people[role])
    query = QUERY.get(name, lambda w: {})(world)
    if rule.method == "GET":
        return client.get(url, query, **headers)
    if rule.api:
        body = BODY.get(name, lambda w: {})(world)
        return client.post(url, body, content_type="application/json", **headers)
    return client.post(url, BODY.get(name, lambda w: {})(world), **headers)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_it_answers_every_route_as_the_rules_say(client, world, role):
    wrong = []
    for name, rule in RULES.items():
        client.logout()
        response = _request(client, world, name, rule, role)
        want = expected(rule, role)
        got = response.status_code
        if want is None:
            if got in (401, 403, 404, 405) or got >= 500:
                wrong.append(f"{name}: {role} got {got}, expected to get through")
        elif got not in want:
            wrong.append(f"{name}: {role} got {got}, expected {sorted(want)}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_the_admin_is_for_staff_only_and_read_only(client, world, role):
    """The admin's routes, as a family: every one sends a non-staff visitor to the admin's
    sign-in; a superuser reads the lists and may change nothing (tests/audit covers each
    model's add, change and delete)."""
    from django.contrib import admin

    if role != "anonymous":
        client.force_login(world.people[role])
    for model in admin.site._registry:
        meta = model._meta
        for suffix in ("", "add/"):
            url = f"/admin/{meta.app_label}/{meta.model_name}/{suffix}"
            got = client.get(url).status_code
            if role == "superuser":
                assert got == (200 if not suffix else 403), (url, got)
            else:
                assert got == 302, (role, url, got)
