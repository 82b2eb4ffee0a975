from django.db.models.signals import post_save
from django.dispatch import receiver

from zhenggai.audit.models import AuditEntry
from zhenggai.briefings.models import Briefing
from zhenggai.feedback.models import Feedback
from zhenggai.inspections.signals import ledger_imported
from zhenggai.reporting.models import ProgressReport
from zhenggai.search import index
from zhenggai.tasks.models import SubAction, Task


@receiver(post_save, sender=AuditEntry)
def _audited(sender, instance, created, **kwargs):
    index.schedule(instance.task_id)
    # Briefings and feedback change by conditional updates, which send no post_save;
    # their audit entries do.
    if instance.object_type in ("briefing", "feedback"):
        index.schedule(instance.object_id, instance.object_type)


@receiver(post_save, sender=Briefing)
@receiver(post_save, sender=Feedback)
def _document_saved(sender, instance, **kwargs):
    index.schedule(instance.pk, sender._meta.model_name)


@receiver(post_save, sender=Task)
def _task_saved(sender, instance, **kwargs):
    index.schedule(instance.pk)


@receiver(post_save, sender=SubAction)
@receiver(post_save, sender=ProgressReport)
def _part_saved(sender, instance, **kwargs):
    index.schedule(instance.task_id)


@receiver(ledger_imported)
def _imported(sender, campaign, **kwargs):
    index.index_campaign(campaign)
