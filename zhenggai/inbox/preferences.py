"""How each message reaches its user outside the app: the one place the rule is written.

- A kind the office made 必达 (MandatoryKind) is always pushed immediately.
- A kind not in SubjectKind (a new step nobody has a setting for yet) is immediate too:
  a message nobody can turn off is better than one that silently goes nowhere.
- Otherwise the user's Preference for the kind, and without one, immediately.

Preferences govern mail and channel messages only: the in-app notification is always made.
"""

from zhenggai.inbox.models import Delivery, MandatoryKind, Preference, SubjectKind


def mandatory_kinds() -> set[str]:
    return set(MandatoryKind.objects.values_list("kind", flat=True))


def deliveries_for(user_ids, kind) -> dict[int, str]:
    """{user id: Delivery} for `kind`, in at most two queries."""
    user_ids = list(user_ids)
    if not user_ids:
        return {}
    if kind not in SubjectKind.values or MandatoryKind.objects.filter(kind=kind).exists():
        return dict.fromkeys(user_ids, Delivery.IMMEDIATE)
    chosen = dict(
        Preference.objects.filter(user_id__in=user_ids, kind=kind).values_list(
            "user_id", "delivery"
        )
    )
    return {pk: chosen.get(pk, Delivery.IMMEDIATE) for pk in user_ids}


def delivery_for(user, kind) -> str:
    return deliveries_for([user.pk], kind)[user.pk]


def table_for(user) -> list[dict]:
    """Every kind with the user's current choice and whether the office made it
    mandatory, for the preferences page."""
    mandatory = mandatory_kinds()
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
