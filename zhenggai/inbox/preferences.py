"""How each message reaches its user outside the app: the one place the rule is written.

- A kind made 必达 (MandatoryKind) by the office of the user's organisation, or of any
  organisation above it, is always pushed immediately. A sibling's 必达 binds nobody here.
- A kind not in SubjectKind (a new step nobody has a setting for yet) is immediate too:
  a message nobody can turn off is better than one that silently goes nowhere.
- Otherwise the user's Preference for the kind, and without one, immediately.

Preferences govern mail and channel messages only: the in-app notification is always made.
"""

from zhenggai.inbox.models import Delivery, MandatoryKind, Preference, SubjectKind
from zhenggai.organisations.models import STEP


def ancestor_paths(path: str) -> list[str]:
    """The materialised paths of the organisation at `path` and of each above it."""
    return [path[:end] for end in range(STEP, len(path) + 1, STEP)]


def _binds(org_path, mandatory_paths) -> bool:
    return any(prefix in mandatory_paths for prefix in ancestor_paths(org_path or ""))


def mandatory_kinds_for(user) -> set[str]:
    """The kinds `user` is bound to receive immediately: those set by their organisation
    or any above it. One query."""
    org = user.organisation if getattr(user, "organisation_id", None) is not None else None
    path = org.path if org is not None else ""
    return set(
        MandatoryKind.objects.filter(organisation__path__in=ancestor_paths(path)).values_list(
            "kind", flat=True
        )
    )


def own_mandatory_kinds(organisation) -> set[str]:
    """The kinds `organisation`'s own office made mandatory (its settings form)."""
    return set(
        MandatoryKind.objects.filter(organisation=organisation).values_list("kind", flat=True)
    )


def inherited_mandatory_kinds(organisation) -> list:
    """The kinds organisations above `organisation` made mandatory: binding on it too."""
    return list(
        MandatoryKind.objects.filter(organisation__path__in=ancestor_paths(organisation.path))
        .exclude(organisation=organisation)
        .select_related("organisation")
    )


def deliveries_for(user_ids, kind) -> dict[int, str]:
    """{user id: Delivery} for `kind`, in at most three queries."""
    from zhenggai.accounts.models import User

    user_ids = list(user_ids)
    if not user_ids:
        return {}
    if kind not in SubjectKind.values:
        return dict.fromkeys(user_ids, Delivery.IMMEDIATE)
    found = {}
    mandatory_paths = set(
        MandatoryKind.objects.filter(kind=kind).values_list("organisation__path", flat=True)
    )
    if mandatory_paths:
        for pk, path in User.objects.filter(pk__in=user_ids).values_list(
            "pk", "organisation__path"
        ):
            if _binds(path, mandatory_paths):
                found[pk] = Delivery.IMMEDIATE
    rest = [pk for pk in user_ids if pk not in found]
    if rest:
        chosen = dict(
            Preference.objects.filter(user_id__in=rest, kind=kind).values_list(
                "user_id", "delivery"
            )
        )
        found.update({pk: chosen.get(pk, Delivery.IMMEDIATE) for pk in rest})
    return found


def delivery_for(user, kind) -> str:
    return deliveries_for([user.pk], kind)[user.pk]


def table_for(user) -> list[dict]:
    """Every kind with the user's current choice and whether their organisation (or one
    above it) made it mandatory, for the preferences page."""
    mandatory = mandatory_kinds_for(user)
    chosen = dict(Preference.objects.filter(user=user).values_list("kind", "delivery"))
    return [
        {
            "kind": value,
            "label": label,
            "mandatory": value in mandatory,
            "delivery": Delivery.IMMEDIATE
            if value in mandatory
            else chosen.get(value, Delivery.IMMEDIATE),
        }
        for value, label in SubjectKind.choices
    ]
