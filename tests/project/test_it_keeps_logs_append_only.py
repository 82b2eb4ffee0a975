import pytest

from zhenggai.inspections.models import Campaign, Finding
from zhenggai.tasks.models import Action, Status, Task, Transition

pytestmark = pytest.mark.django_db


def test_it_refuses_to_change_or_remove_a_transition():
    campaign = Campaign.objects.create(name="c")
    finding = Finding.objects.create(
        campaign=campaign, position=0, label="(1)", title="针对甲的问题"
    )
    task = Task.objects.create(finding=finding)
    row = Transition.objects.create(task=task, action=Action.CREATE, to_status=Status.DRAFT)
    row.reason = "改写"
    with pytest.raises(PermissionError):
        row.save()
    with pytest.raises(PermissionError):
        row.delete()
    with pytest.raises(PermissionError):
        Transition.objects.filter(pk=row.pk).update(reason="改写")
    with pytest.raises(PermissionError):
        Transition.objects.filter(pk=row.pk).delete()
    assert Transition.objects.get(pk=row.pk).reason == ""
