"""A generated ledger of any size, written with bulk inserts so that tests of 2,000 (or
20,000) items take seconds."""

import datetime

from zhenggai.accounts.models import User
from zhenggai.inspections.models import Campaign, Finding
from zhenggai.reporting.models import Evidence, ProgressReport
from zhenggai.tasks.models import Status, SubAction, Task
from zhenggai.units.models import Unit

MEASURE = "加强统筹协调,建立健全长效机制,定期召开推进会研究解决存在问题。" * 2


def make_big_ledger(n, per_problem=10, per_category=100):
    campaign = Campaign.objects.create(name=f"生成的台账({n}项)")
    units = [Unit.objects.get_or_create(name=f"生成单位{i}")[0] for i in range(5)]
    author = User.objects.create_user(username=f"author{n}", password="pw", unit=units[0])
    position = 0
    findings, parents = [], {}
    for i in range(n):
        if i % per_category == 0:
            category = Finding(
                campaign=campaign,
                depth=0,
                position=position,
                label=f"({i // per_category + 1})",
                title=f"问题类别{i // per_category + 1}",
            )
            category.save()
            position += 1
        if i % per_problem == 0:
            problem = Finding(
                campaign=campaign,
                parent=category,
                depth=1,
                position=position,
                label=f"{i // per_problem + 1}.",
                title=f"针对问题{i // per_problem + 1}的问题",
            )
            problem.save()
            position += 1
        findings.append(
            Finding(
                campaign=campaign,
                parent=problem,
                depth=2,
                position=position,
                label=f"({i + 1})",
                title=f"针对具体问题{i + 1}落实不到位的问题",
            )
        )
        position += 1
        parents[i] = problem
    Finding.objects.bulk_create(findings, batch_size=1000)
    tasks = [
        Task(
            finding=f,
            measure=f"措施{i + 1}:{MEASURE}",
            lead_unit=units[i % 5],
            leader="张副区长",
            deadline=datetime.date(2018, 12, 31),
            timeframe="deadline",
            status=Status.IN_PROGRESS,
        )
        for i, f in enumerate(findings)
    ]
    Task.objects.bulk_create(tasks, batch_size=1000)
    SubAction.objects.bulk_create(
        [
            SubAction(task=t, position=p, label=label, text=f"{label}的具体做法,{MEASURE}")
            for t in tasks
            for p, label in enumerate(("一是", "二是", "三是"))
        ],
        batch_size=2000,
    )
    Through = Task.units.through
    Through.objects.bulk_create(
        [Through(task_id=t.pk, unit_id=units[(i + 1) % 5].pk) for i, t in enumerate(tasks)],
        batch_size=2000,
    )
    ProgressReport.objects.bulk_create(
        [
            ProgressReport(
                task=t,
                unit=units[0],
                author=author,
                period="week",
                period_start=datetime.date(2018, 11, 19),
                text=f"本周完成{i}宗。{MEASURE}",
                status=ProgressReport.Status.ACCEPTED,
            )
            for i, t in enumerate(tasks)
        ],
        batch_size=2000,
    )
    Evidence.objects.bulk_create(
        [
            Evidence(
                task=t,
                file=f"evidence/x{i}.pdf",
                original_name=f"会议纪要{i}.pdf",
                content_type="application/pdf",
                size=1,
                sha256="0" * 64,
                uploaded_by=author,
            )
            for i, t in enumerate(tasks)
        ],
        batch_size=2000,
    )
    return campaign
