"""What a person sends to move an item, checked before any move method runs."""

from django.core.exceptions import ValidationError

from zhenggai.lib.inputs import check_post
from zhenggai.tasks.models import Task
from zhenggai.tasks.workflow import MissingRequirement

LEADER_MAX = Task._meta.get_field("leader").max_length


def checked_post(post):
    """`post` if every value is under its cap and free of control characters
    (lib/inputs.py, the API's rules); else MissingRequirement, and nothing is written."""
    try:
        check_post(post, {"leader": LEADER_MAX})
    except ValidationError as exc:
        raise MissingRequirement(exc.messages[0]) from None
    return post
