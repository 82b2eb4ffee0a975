"""The 督办单 as a document an office sends: GB/T 9704 layout (zhenggai.documents),
with its 文号.

A notice is fixed once issued (only the reply is added later), so its document is
rendered once, on the first download, and kept. Its 文号 counts the notices issued in
its year up to it — 荔巡整督〔2018〕7号 is the year's seventh — so numbering needs no
change to the notice's workflow and never moves once given.
"""

from django.utils import timezone

from zhenggai.briefings.render import _place, cn_date, default_issuer
from zhenggai.documents import gbt9704
from zhenggai.documents.models import doc_number
from zhenggai.inspections.models import Campaign
from zhenggai.rhythm.models import SupervisionNotice


def _campaign(notice):
    if notice.task_id:
        return notice.task.finding.campaign
    return Campaign.objects.order_by("pk").first()


def notice_number(notice) -> str:
    campaign = _campaign(notice)
    place = _place(campaign) if campaign else ""
    year = timezone.localtime(notice.issued_at).year
    earlier = SupervisionNotice.objects.filter(
        issued_at__year=year, issued_at__lt=notice.issued_at
    ).count()
    same_instant = SupervisionNotice.objects.filter(
        issued_at=notice.issued_at, pk__lte=notice.pk
    ).count()
    return doc_number(f"{place[:1]}巡整督", year, earlier + same_instant)


def notice_document(notice) -> gbt9704.Document:
    campaign = _campaign(notice)
    issuer = default_issuer(campaign) if campaign else "巡视整改工作领导小组办公室"
    issued = timezone.localtime(notice.issued_at).date()
    body = [
        gbt9704.Block("para", line.strip()) for line in notice.text.splitlines() if line.strip()
    ]
    if notice.task_id:
        finding = notice.task.finding
        body.insert(0, gbt9704.Block("para", f"督办事项:{finding.label}{finding.title}。"))
    body.append(
        gbt9704.Block(
            "para",
            f"请于{cn_date(notice.reply_due)}前将办理情况书面回复{issuer}。",
        )
    )
    blocks = [
        gbt9704.Block("organ", issuer),
        gbt9704.Block("number", notice_number(notice)),
        gbt9704.Block("title", "巡视整改督办单"),
        gbt9704.Block("addressee", f"{notice.unit.name}:"),
        *body,
        gbt9704.Block("signature", issuer),
        gbt9704.Block("date", cn_date(issued)),
        gbt9704.Block("colophon", rows=[(issuer, f"{cn_date(issued)}印发")]),
    ]
    return gbt9704.Document(
        blocks=blocks,
        title=f"巡视整改督办单 {notice_number(notice)}",
        author=issuer,
        subject="督办单",
        keywords="整改;督办",
    )


def notice_docx(notice) -> bytes:
    return gbt9704.docx(notice_document(notice))


def notice_pdf(notice) -> bytes:
    return gbt9704.pdf(notice_document(notice))


EXPORTERS = {"docx": notice_docx, "pdf": notice_pdf}
