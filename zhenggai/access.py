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

Object lookups that answer 404/403 live in the views; these functions return booleans
and querysets only.
"""

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


def reads_audit_log(user) -> bool:
    """The whole-ledger audit log (履职留痕)."""
    return reads_whole_ledger(user)


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
    """May change the item's content (reports, evidence): the office and the item's
    units. The leading group, the discipline commission and the higher office read only."""
    return is_office(user) or works_on(user, task)


def tasks(user, qs=None):
    """The items `user` may read. Every page, export, search and API list starts here."""
    Task = _task_model()
    qs = Task.objects.all() if qs is None else qs
    if not active(user):
        return qs.none()
    if reads_whole_ledger(user):
        return qs
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
        return qs
    return qs.filter(pk__in=tasks(user).values("finding__campaign_id"))


def by_campaign(user, qs, field="campaign"):
    return qs.filter(**{f"{field}__in": campaigns(user).values("pk")})


def by_unit(user, qs, field="unit"):
    """Records owed by or handed to a unit (due reports, 督办单, feedback): all for
    whole-ledger readers, the unit's own for its people, none for anyone else."""
    if not active(user):
        return qs.none()
    if reads_whole_ledger(user):
        return qs
    if not is_unit_worker(user):
        return qs.none()
    return qs.filter(**{f"{field}_id": user.unit_id})


# --- feedback --------------------------------------------------------------------------


def feedback(user, qs):
    """Public feedback: whole-ledger readers read all; a unit's people read what was
    handed to their unit."""
    return by_unit(user, qs)


def triages_feedback(user) -> bool:
    """Link, assign, close, log, publish a reply: the office."""
    return is_office(user)


def replies_to_feedback(user, item) -> bool:
    """The office, or the liaison of the unit the message was handed to."""
    if triages_feedback(user):
        return True
    return (
        active(user)
        and user.role == Role.LIAISON
        and item.unit_id is not None
        and user.unit_id == item.unit_id
    )


# --- briefings -------------------------------------------------------------------------


def briefings(user, qs):
    """The office sees drafts and issued ones; the other whole-ledger readers read
    issued ones; units read none."""
    if is_office(user):
        return qs
    if reads_whole_ledger(user):
        return qs.filter(status=qs.model.Status.ISSUED)
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
    return is_office(user) and account.role in OFFICE_MANAGED_ROLES


def accounts(user, qs):
    """The accounts `user` may list on the accounts pages."""
    if is_account_admin(user):
        return qs
    if is_office(user):
        return qs.filter(role__in=OFFICE_MANAGED_ROLES, is_superuser=False, is_staff=False)
    return qs.none()
