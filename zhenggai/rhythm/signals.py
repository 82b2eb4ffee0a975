"""A progress report fulfils its unit's due report at once, not at the worker's next round."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from zhenggai.reporting.models import ProgressReport


@receiver(post_save, sender=ProgressReport, dispatch_uid="rhythm_fulfil_due_report")
def _fulfil(sender, instance, created, **kwargs):
    if not created:
        return
    from zhenggai.rhythm.models import REPORT_PERIOD, DueReport
    from zhenggai.rhythm.planner import fulfil

    kinds = [k for k, p in REPORT_PERIOD.items() if p == instance.period]
    if not kinds:
        return
    fulfil(
        list(
            DueReport.objects.open()
            .filter(
                unit_id=instance.unit_id,
                period_start=instance.period_start,
                schedule__kind__in=kinds,
                schedule__campaign_id=instance.task.finding.campaign_id,
            )
            .select_related("schedule")
        )
    )
