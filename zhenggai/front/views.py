from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import render

from zhenggai.inspections.models import Campaign
from zhenggai.tasks.models import Status


@login_required
def home(request):
    campaigns = Campaign.objects.prefetch_related("inspections").annotate(
        items=Count("findings__task"),
        **{
            f"n_{status}": Count("findings__task", filter=Q(findings__task__status=status))
            for status in (Status.COMPLETED, Status.STAGED, Status.LONG_TERM)
        },
    )
    return render(request, "front/home.html", {"campaigns": campaigns})
