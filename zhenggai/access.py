"""Who may see and do what: the one place the rules are written.

Pages, the API, search, exports, the dashboard, feedback, accountability, the rhythm and
the templates all ask these functions; nothing else decides who reads or writes what.

The roles (accounts.Role):

- 整改办 (office) keeps the ledger: assigns, reviews, drafts, triages. A superuser is
  *not* the office: a superuser reads everything and administers accounts, but ledger
  work is a named role's act.
- 领导小组 (leader) approves closure; 纪委监委 (discipline) reads everything and keeps the
  accountability records; 上级整改办 (observer) reads only.
- 系统管理员 (admin) administers accounts and does no ledger work; it reads nothing of the
  ledger beyond what every signed-in user may.
- 联络员 and 单位工作人员 (liaison, member) read and work on what their unit leads or shares.

Organisations (zhenggai.organisations) sit above campaigns. Whole-ledger roles read the
campaigns of their own organisation and of every organisation below it, and nothing of a
sibling's; they keep (write) only their own organisation's: an upper level's office reads
its subordinates' ledgers, issues 督办 downward and receives their reports upward, and
moves nothing of theirs. A unit's people read what their unit leads or shares, as before.

Object lookups that answer 404/403 live in the views; these functions return booleans
and querysets only.
"""

from django.db.models import Q, Subquery

from zhenggai.accounts.models import UNIT_ROLES, WHOLE_LEDGER_ROLES, Role

# --- who -------------------------------------------------------------------------------


def active(user) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and bool(user.is_active)


def is_office(user) -> bool:
    """整改办: the ledger's keepers. Never a superuser by that fact alone."""
    return active(user) and user.role == Role.OFFICE


def is_leader(user) -> bool:
    """领导小组: approval (销号) is a named person's act."""
    return active(user) and user.role == Role.LEADER


def is_discipline(user) -> bool:
    return active(user) and user.role == Role.DISCIPLINE


def is_observer(user) -> bool:
    return active(user) and user.role == Role.OBSERVER


def is_account_admin(user) -> bool:
    """系统管理员, or a superuser: administers accounts."""
    return active(user) and (user.role == Role.ADMIN or user.is_superuser)


# --- where in the tree ------------------------------------------------------------------


def organisation_path(user) -> str:
    """The materialised path of `user`'s organisation ("" for none). Loaded with the
    user (accounts.User's manager), so asking costs no query."""
    org = getattr(user, "organisation", None) if active(user) else None
    return org.path if org is not None else ""


def _path_of_user_organisation(user):
    """The path as a literal when the organisation came with the user (the session's
    user does, accounts.backends), else as a subquery: scoping never costs a query."""
    org = user._state.fields_cache.get("organisation") if hasattr(user, "_state") else None
    if org is not None:
        return org.path
    from zhenggai.organisations.models import Organisation

    return Subquery(Organisation.objects.filter(pk=user.organisation_id).values("path")[:1])


def tree_q(user, field) -> Q:
    """`field` (a path to an Organisation) within `user`'s subtree. Superusers: all."""
    if active(user) and user.is_superuser:
        return Q()
    if not active(user) or getattr(user, "organisation_id", None) is None:
        return Q(pk__in=[])
    return Q(**{f"{field}__path__startswith": _path_of_user_organisation(user)})


def _own_campaign_ids(user) -> frozenset:
    """The campaigns owned by `user`'s own organisation (not those below it): the ones
    its office keeps. One query per user object."""
    cached = getattr(user, "_own_campaign_ids", None)
    if cached is None:
        from zhenggai.inspections.models import Campaign

        cached = frozenset(
            Campaign.objects.filter(owner_id=user.organisation_id).values_list("pk", flat=True)
        )
        user._own_campaign_ids = cached
    return cached


def task_campaign_id(task):
    finding = task._state.fields_cache.get("finding") if hasattr(task, "_state") else None
    if finding is not None:
        return finding.campaign_id
    from zhenggai.inspections.models import Finding

    return Finding.objects.filter(pk=task.finding_id).values_list("campaign_id", flat=True).first()


def keeps_task(user, task) -> bool:
    """The item belongs to a campaign of `user`'s own organisation: the one ledger its
    office, leading group and commission act on. Levels above read it only."""
    return active(user) and task_campaign_id(task) in _own_campaign_ids(user)


def keeps_campaign(user, campaign) -> bool:
    return active(user) and campaign.owner_id == user.organisation_id


def decides_for_task(user, task) -> bool:
    """The office's decisions on an item (a deadline extension, a progress report's
    review): the office of the organisation that keeps it. An upper office reads, and
    never decides; a sibling's office does not even read."""
    return is_office(user) and keeps_task(user, task)


def keeps_campaign_id(user, campaign_id) -> bool:
    """keeps_campaign, from the campaign's id (one query per user object)."""
    return active(user) and campaign_id in _own_campaign_ids(user)


def supervises(user, organisation) -> bool:
    """An upper level's office (整改办 or 上级整改办) over `organisation`: strictly above."""
    return (
        active(user)
        and user.role in {Role.OFFICE, Role.OBSERVER}
        and bool(organisation_path(user))
        and organisation.pk != user.organisation_id
        and organisation.path.startswith(organisation_path(user))
    )


def issues_notice(user, unit) -> bool:
    """督办: the office to its own organisation's units, an upper office downward."""
    if is_office(user) and unit.organisation_id == user.organisation_id:
        return True
    return unit.organisation is not None and supervises(user, unit.organisation)


def issues_notices(user) -> bool:
    """May open the 督办 form at all."""
    if is_office(user):
        return True
    if not is_observer(user):
        return False
    from zhenggai.organisations.models import Organisation

    return Organisation.objects.filter(parent_id=user.organisation_id).exists()


def notice_units(user, qs):
    """The units `user` may press with a 督办单 (issues_notice, as a queryset)."""
    if not issues_notices(user):
        return qs.none()
    if is_office(user):
        return qs.filter(tree_q(user, "organisation"))
    return qs.filter(tree_q(user, "organisation")).exclude(organisation_id=user.organisation_id)


def reads_oversight(user) -> bool:
    """The oversight dashboard across subordinate organisations: whole-ledger roles."""
    return reads_whole_ledger(user)


def reports_upward(user) -> bool:
    """Sends the organisation's daily/weekly report to the level above: its office."""
    org = getattr(user, "organisation", None) if active(user) else None
    return is_office(user) and org is not None and org.parent_id is not None


def receives_upward(user, report) -> bool:
    """Signs for a report sent up: the receiving organisation's office or 上级整改办."""
    return (
        active(user)
        and user.role in {Role.OFFICE, Role.OBSERVER, Role.LEADER}
        and user.organisation_id == report.recipient_id
    )


def upward_reports(user, qs):
    """Reports sent up: the receiving organisation's whole-ledger readers, and the
    sending organisation's; superusers all."""
    if not active(user):
        return qs.none()
    if user.is_superuser:
        return qs
    if not reads_whole_ledger(user):
        return qs.none()
    return qs.filter(Q(recipient_id=user.organisation_id) | Q(sender_id=user.organisation_id))


def organisations(user, qs=None):
    """The organisations `user` reads: their own and those below it."""
    from zhenggai.organisations.models import Organisation

    qs = Organisation.objects.all() if qs is None else qs
    if not reads_whole_ledger(user):
        return qs.none()
    if user.is_superuser:
        return qs
    return qs.filter(path__startswith=organisation_path(user))


# --- the organisation tree itself -------------------------------------------------------
#
# 系统管理员 and superusers draw the whole deployment's tree. An organisation's office
# manages the part of the tree below its own organisation: it adds, renames and moves the
# nodes under it, never its own node nor anything above or beside it.


def manages_organisation_tree(user) -> bool:
    """May open the organisation page at all."""
    return is_account_admin(user) or is_office(user)


def _draws_whole_tree(user) -> bool:
    return is_account_admin(user)


def shown_organisations(user, qs=None):
    """The part of the tree the organisation page shows: all of it for administrators,
    the office's own organisation and everything under it for an office."""
    from zhenggai.organisations.models import Organisation

    qs = Organisation.objects.all() if qs is None else qs
    if _draws_whole_tree(user):
        return qs
    if is_office(user) and organisation_path(user):
        return qs.filter(path__startswith=organisation_path(user))
    return qs.none()


def managed_organisations(user, qs=None):
    """The organisations `user` may rename, re-kind and move: all for administrators;
    for an office, those strictly below its own organisation."""
    from zhenggai.organisations.models import Organisation

    qs = Organisation.objects.all() if qs is None else qs
    if _draws_whole_tree(user):
        return qs
    if is_office(user) and organisation_path(user):
        return qs.filter(path__startswith=organisation_path(user)).exclude(pk=user.organisation_id)
    return qs.none()


def manages_organisation(user, organisation) -> bool:
    """managed_organisations, for one organisation (no query)."""
    if _draws_whole_tree(user):
        return True
    return (
        is_office(user)
        and bool(organisation_path(user))
        and organisation.pk != user.organisation_id
        and organisation.path.startswith(organisation_path(user))
    )


def organisation_parents(user, qs=None):
    """Where `user` may put an organisation (a new one, or one moved): anywhere for
    administrators; for an office, its own organisation or one below it."""
    return shown_organisations(user, qs)


def places_under(user, parent) -> bool:
    """May add or move an organisation under `parent` (None: a new root, administrators
    only)."""
    if _draws_whole_tree(user):
        return True
    if parent is None:
        return False
    return (
        is_office(user)
        and bool(organisation_path(user))
        and parent.path.startswith(organisation_path(user))
    )


def assignable_organisations(user, qs=None):
    """The organisations a unit or an account may be put in by `user`: administrators
    anywhere; the office its own organisation or one below it."""
    return shown_organisations(user, qs)


def assigns_organisation(user, organisation) -> bool:
    """assignable_organisations, for one organisation (no query)."""
    if _draws_whole_tree(user):
        return True
    return (
        is_office(user)
        and organisation is not None
        and bool(organisation_path(user))
        and organisation.path.startswith(organisation_path(user))
    )


def reads_whole_ledger(user) -> bool:
    """The office, the leading group, the discipline commission, the higher office and
    superusers read every item."""
    return active(user) and (user.is_superuser or user.role in WHOLE_LEDGER_ROLES)


def is_unit_worker(user) -> bool:
    """A liaison or member of some unit."""
    return active(user) and user.role in UNIT_ROLES and user.unit_id is not None


def reads_unit_pages(user) -> bool:
    """The unit pages and the rhythm: whole-ledger readers, and a unit's own people."""
    return reads_whole_ledger(user) or is_unit_worker(user)


def reads_accountability(user) -> bool:
    """问责 records: never a unit's people."""
    return active(user) and (
        user.is_superuser or user.role in {Role.OFFICE, Role.DISCIPLINE, Role.LEADER, Role.OBSERVER}
    )


def writes_accountability(user) -> bool:
    return active(user) and user.role in {Role.OFFICE, Role.DISCIPLINE}


def records_fulfilment(user, due) -> bool:
    """Records that an organisation's own report (daily, two-month) went up: the office
    of the organisation whose campaign owes it."""
    return is_office(user) and keeps_campaign_id(user, due.schedule.campaign_id)


def reads_audit_log(user) -> bool:
    """The whole-ledger audit log (履职留痕)."""
    return reads_whole_ledger(user)


def audit_entries(user, qs):
    """The audit log's entries `user` reads: those about the items of the campaigns they
    read (campaigns(user): their organisation's subtree), and those about no item by the
    account that acted (a campaign's, a unit's, an account's changes): by the actor's
    organisation, within the same subtree. Superusers: all. A sibling's: nothing."""
    if not reads_audit_log(user):
        return qs.none()
    if user.is_superuser:
        return qs
    from zhenggai.accounts.models import User
    from zhenggai.feedback.models import Feedback

    about_items = Q(task__finding__campaign_id__in=campaigns(user).values("pk"))
    by_actor = Q(actor__isnull=False) & tree_q(user, "actor__organisation")
    # The system's own acts (a lock-out, a message from the public) have no actor: by
    # what they are about.
    by_object = Q(actor__isnull=True) & (
        Q(
            object_type=User._meta.model_name,
            object_id__in=audit_actors(user, User.objects).values("pk"),
        )
        | Q(
            object_type=Feedback.audit_type,
            object_id__in=by_campaign(user, Feedback.objects.all()).values("pk"),
        )
    )
    return qs.filter(about_items | (Q(task_id__isnull=True) & (by_actor | by_object)))


def audit_actors(user, qs):
    """The accounts offered by the audit log's filter: those of the reader's subtree."""
    if not reads_audit_log(user):
        return qs.none()
    return qs.filter(tree_q(user, "organisation"))


# --- who is told ------------------------------------------------------------------------


def told(role, organisation_id, exclude=()) -> list:
    """The active accounts of `role` told of a step in the ledger of `organisation_id`:
    that organisation's own office (leading group, commission), never a sibling's, nor
    the level above (which reads, and hears through the reports sent up to it)."""
    from zhenggai.accounts.models import User

    if organisation_id is None:
        return []
    return list(
        User.objects.filter(role=role, is_active=True, organisation_id=organisation_id)
        .exclude(pk__in=list(exclude))
        .order_by("pk")
    )


def told_by_organisation(role) -> dict:
    """`told(role, …)` for every organisation at once: {organisation id: [accounts]}, in
    one query (the worker's reminders ask about many units)."""
    from collections import defaultdict

    from zhenggai.accounts.models import User

    found = defaultdict(list)
    for user in User.objects.filter(role=role, is_active=True).order_by("pk"):
        if user.organisation_id is not None:
            found[user.organisation_id].append(user)
    return found


def task_organisation_id(task):
    """The organisation that keeps `task`: its campaign's owner."""
    finding = task._state.fields_cache.get("finding") if hasattr(task, "_state") else None
    campaign = finding._state.fields_cache.get("campaign") if finding is not None else None
    if campaign is not None:
        return campaign.owner_id
    from zhenggai.inspections.models import Campaign

    return (
        Campaign.objects.filter(findings__task=task.pk).values_list("owner_id", flat=True).first()
    )


# --- items -----------------------------------------------------------------------------


def _task_model():
    from zhenggai.tasks.models import Task

    return Task


def task_unit_ids(task) -> set[int]:
    # Use the prefetched responsible units when a list page loaded them, so that asking
    # about every row of a list costs no query per row.
    cache = getattr(task, "_prefetched_objects_cache", {})
    if "units" in cache:
        return {unit.pk for unit in cache["units"]}
    return set(task.units.values_list("pk", flat=True))


def works_on(user, task) -> bool:
    """A liaison or member of the lead unit or of a responsible unit of `task`."""
    if not is_unit_worker(user):
        return False
    return user.unit_id == task.lead_unit_id or user.unit_id in task_unit_ids(task)


def is_lead_liaison(user, task) -> bool:
    """The liaison officer of the item's lead unit: makes the unit's moves."""
    return (
        active(user)
        and user.role == Role.LIAISON
        and task.lead_unit_id is not None
        and user.unit_id == task.lead_unit_id
    )


def edits_task(user, task) -> bool:
    """May change the item's content (reports, evidence): the office of the item's own
    organisation and the item's units. The leading group, the discipline commission, the
    higher office and an upper level's office read only."""
    return (is_office(user) and keeps_task(user, task)) or works_on(user, task)


def tasks(user, qs=None):
    """The items `user` may read. Every page, export, search and API list starts here."""
    Task = _task_model()
    qs = Task.objects.all() if qs is None else qs
    if not active(user):
        return qs.none()
    if reads_whole_ledger(user):
        return qs.filter(finding__campaign_id__in=campaigns(user).values("pk"))
    if not is_unit_worker(user):
        return qs.none()
    led, shared = _unit_task_sets(user)
    return qs.filter(pk__in=led.union(shared))


def _unit_task_sets(user):
    """The items of a unit's people: those the unit leads, and those it shares. Kept
    as two subqueries: their UNION rather than an OR, so that each half is an index
    lookup (an OR of the two made PostgreSQL scan every item to test it)."""
    Task = _task_model()
    led = Task.objects.order_by().filter(lead_unit_id=user.unit_id).values("pk")
    shared = Task.units.through.objects.order_by().filter(unit_id=user.unit_id).values("task_id")
    return led, shared


def task_id_sets(user) -> list:
    """`tasks(user)` as subqueries of item ids whose union it is: one, or two for a
    unit's people. Search joins each with the entries on its own, so that a rare word
    is checked against the unit's items by index, and a common one read from them."""
    if active(user) and not reads_whole_ledger(user) and is_unit_worker(user):
        return list(_unit_task_sets(user))
    return [tasks(user).values("pk")]


def task_ids(user):
    """The ids of `tasks(user)`, as a subquery."""
    first, *rest = task_id_sets(user)
    return first.union(*rest) if rest else first


def by_task(user, qs, field="task"):
    """Records that hang off an item (reports, evidence…): those of the items `user`
    reads."""
    return qs.filter(**{f"{field}__in": task_ids(user)})


def campaigns(user, qs=None):
    """The campaigns whose meetings and documents `user` may read: all for whole-ledger
    readers; for a unit's people, those in which their unit leads or shares an item."""
    from zhenggai.inspections.models import Campaign

    qs = Campaign.objects.all() if qs is None else qs
    if not active(user):
        return qs.none()
    if reads_whole_ledger(user):
        return qs.filter(tree_q(user, "owner"))
    return qs.filter(pk__in=tasks(user).values("finding__campaign_id"))


def listed_campaigns(user, qs=None):
    """The campaigns named on the dashboard's switcher: those of `user`'s organisation
    and below it (a unit's people see the names, and only their items' figures)."""
    from zhenggai.inspections.models import Campaign

    qs = Campaign.objects.all() if qs is None else qs
    if not active(user):
        return qs.none()
    return qs.filter(tree_q(user, "owner"))


def kept_campaigns(user, qs=None):
    """The campaigns `user`'s own organisation keeps: what the office's write pages
    (inspections, findings, publication, meetings, briefings, accountability) may touch.
    An upper level reads its subordinates' ledgers through `campaigns` and keeps none."""
    from zhenggai.inspections.models import Campaign

    qs = Campaign.objects.all() if qs is None else qs
    if not active(user):
        return qs.none()
    if user.is_superuser:
        return qs
    return qs.filter(owner_id=user.organisation_id)


def kept(user, qs, field="campaign"):
    """Records of `kept_campaigns(user)`."""
    return qs.filter(**{f"{field}__in": kept_campaigns(user).values("pk")})


def units(user, qs):
    """The units whose pages a whole-ledger reader may open: their organisation's and
    those below it (a unit's own people: see the unit pages' rule)."""
    if not active(user):
        return qs.none()
    return qs.filter(tree_q(user, "organisation"))


def kept_units(user, qs):
    """The units the office looks after: its own organisation's."""
    if not active(user):
        return qs.none()
    if user.is_superuser:
        return qs
    return qs.filter(organisation_id=user.organisation_id)


def by_campaign(user, qs, field="campaign"):
    return qs.filter(**{f"{field}__in": campaigns(user).values("pk")})


def by_unit(user, qs, field="unit", campaign=None):
    """Records owed by or handed to a unit (due reports, 督办单, feedback): for
    whole-ledger readers those of the units of their subtree, the unit's own for its
    people, none for anyone else.

    Records of no unit are an organisation's own (its daily report, a message not yet
    handed on): `campaign` is the path to the record's campaign, and they are read by
    the whole-ledger readers of the subtree that holds its owner, never a sibling's
    (without a `campaign`, by superusers only)."""
    if not active(user):
        return qs.none()
    if user.is_superuser:
        return qs
    if reads_whole_ledger(user):
        of_unit = tree_q(user, f"{field}__organisation")
        if campaign is None:
            return qs.filter(of_unit)
        of_none = Q(**{f"{field}__isnull": True}) & tree_q(user, f"{campaign}__owner")
        return qs.filter(of_unit | of_none)
    if not is_unit_worker(user):
        return qs.none()
    return qs.filter(**{f"{field}_id": user.unit_id})


# --- feedback --------------------------------------------------------------------------


def feedback(user, qs):
    """Public feedback: whole-ledger readers read their subtree's (a message handed to no
    unit yet by its campaign's owner); a unit's people read what was handed to them."""
    return by_unit(user, qs, campaign="campaign")


def triages_feedback(user, item=None) -> bool:
    """Link, assign, close, log, publish a reply: the office; on a given message, the
    office of the organisation whose campaign it is about."""
    if not is_office(user):
        return False
    return item is None or keeps_campaign_id(user, item.campaign_id)


def replies_to_feedback(user, item) -> bool:
    """The office, or the liaison of the unit the message was handed to."""
    if triages_feedback(user, item):
        return True
    return (
        active(user)
        and user.role == Role.LIAISON
        and item.unit_id is not None
        and user.unit_id == item.unit_id
    )


# --- messaging channels ----------------------------------------------------------------


def channels(user, qs):
    """The work-messaging channels the office manages: its own organisation's (a unit's
    channel belongs to the unit's organisation). Superusers: all."""
    if not active(user):
        return qs.none()
    if user.is_superuser:
        return qs
    if not is_office(user):
        return qs.none()
    return qs.filter(
        Q(unit__organisation_id=user.organisation_id)
        | Q(unit__isnull=True, organisation_id=user.organisation_id)
    )


# --- briefings -------------------------------------------------------------------------


def briefings(user, qs):
    """The office sees drafts and issued ones; the other whole-ledger readers read
    issued ones; units read none."""
    if is_office(user):
        # Drafts of the office's own ledgers; issued ones of those below it too.
        own_or_issued = Q(status=qs.model.Status.ISSUED) | Q(
            campaign__owner_id=user.organisation_id
        )
        return by_campaign(user, qs.filter(own_or_issued))
    if reads_whole_ledger(user):
        return by_campaign(user, qs.filter(status=qs.model.Status.ISSUED))
    return qs.none()


# --- accounts --------------------------------------------------------------------------

# Roles the office may hand out and whose accounts it may look after: a unit's people.
OFFICE_MANAGED_ROLES = frozenset(UNIT_ROLES)

# Roles that carry review, approval or oversight: granting one is recorded and told to
# the discipline commission.
PRIVILEGED_ROLES = frozenset({Role.OFFICE, Role.LEADER, Role.DISCIPLINE, Role.ADMIN})


def manages_accounts(user) -> bool:
    """May open the accounts pages at all: administrators, and the office for the unit
    accounts."""
    return is_account_admin(user) or is_office(user)


def grantable_roles(user) -> list[str]:
    """The roles `user` may give an account."""
    if is_account_admin(user):
        return [value for value, _label in Role.choices]
    if is_office(user):
        return [value for value, _label in Role.choices if value in OFFICE_MANAGED_ROLES]
    return []


def manages_account(user, account) -> bool:
    """May change `account`'s details, role, activation or password.

    Administrators manage every account but a superuser's (only a superuser does);
    the office manages the accounts of a unit's people and nothing above them. Nobody
    changes their own role or activation here (their own password has its own page).
    """
    if not active(user) or account.pk == user.pk:
        return False
    if account.is_superuser or account.is_staff:
        return user.is_superuser
    if is_account_admin(user):
        return True
    return (
        is_office(user)
        and account.role in OFFICE_MANAGED_ROLES
        and account.organisation_id == user.organisation_id
    )


def accounts(user, qs):
    """The accounts `user` may list on the accounts pages."""
    if is_account_admin(user):
        return qs
    if is_office(user):
        return qs.filter(
            role__in=OFFICE_MANAGED_ROLES,
            is_superuser=False,
            is_staff=False,
            organisation_id=user.organisation_id,
        )
    return qs.none()
