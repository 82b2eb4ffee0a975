"""Task tables (整改任务清单) built with python-docx, for the plan reader's tests."""

from __future__ import annotations

from reportparser import parse_text

from ._helpers import SEED

LEADERS = ("张三", "李四", "王五")
LEADS = ("区委组织部", "区纪委监委", "区财政局", "区城管局", "区教育局", "区公安分局")
SHARED = ("区人社局", "区审计局", "区住房建设局", "区民政局")
DEADLINES = ("2018年12月底前", "立行立改", "长期坚持", "2018年10月31日")


def document(title: str | None = "中共某某区委关于巡察反馈意见整改落实方案"):
    import docx

    doc = docx.Document()
    if title:
        doc.add_paragraph(title)
        doc.add_paragraph("为抓好巡察反馈意见整改落实,制定本方案。")
    return doc


def table(doc, header: list[str], rows: list[list[str]], header_rows: int = 1):
    t = doc.add_table(rows=header_rows + len(rows), cols=len(header))
    for c, text in enumerate(header):
        t.cell(0, c).text = text
    for r, values in enumerate(rows, start=header_rows):
        for c, text in enumerate(values):
            if text:
                t.cell(r, c).text = text
    return t


def merge_across(t, row: int, text: str) -> None:
    """A category row: one cell across the whole table."""
    cell = t.cell(row, 0).merge(t.cell(row, len(t.columns) - 1))
    cell.text = text


def merge_down(t, col: int, first: int, last: int, text: str) -> None:
    cell = t.cell(first, col).merge(t.cell(last, col))
    cell.text = text


def seed_plan(path) -> list[dict]:
    """The seed's 63 items as a plan table: categories as merged rows, a problem cell
    merged down over its measures, units and deadlines in turn. Returns what each row
    says, to compare with what is read back."""
    report = parse_text(SEED.read_text(encoding="utf-8"))
    doc = document("中共广州市荔湾区委关于省委第十巡视组反馈意见整改落实方案")
    header = ["序号", "反馈问题", "整改措施", "责任领导", "牵头单位", "责任单位", "完成时限"]
    layout: list[tuple] = []  # ("category", text) | ("item", values, problem group)
    expected = []
    n = 0
    for root in report.nodes:
        layout.append(("category", f"{root.label}{root.title}"))
        groups = [(p, p.children) for p in root.children if p.children] or [
            (None, [leaf]) for leaf in root.children
        ]
        for problem, leaves in groups:
            for leaf in leaves:
                lead = LEADS[n % len(LEADS)]
                shared = [SHARED[n % len(SHARED)], SHARED[(n + 1) % len(SHARED)]]
                if n % 10 == 9:
                    shared.append("区某某服务中心")
                deadline = DEADLINES[n % len(DEADLINES)]
                title = problem.title if problem else leaf.title
                values = [
                    leaf.label,
                    title,
                    leaf.text or leaf.title,
                    LEADERS[n % len(LEADERS)],
                    lead,
                    "、".join(shared),
                    deadline,
                ]
                layout.append(("item", values, id(problem) if problem else None))
                expected.append(
                    {
                        "label": leaf.label,
                        "category": f"{root.label}{root.title}",
                        "problem": title,
                        "lead_units": [lead],
                        "units": shared,
                        "deadline_text": deadline,
                    }
                )
                n += 1
    t = table(doc, header, [[] for _ in layout])
    start = None
    for r, entry in enumerate(layout, start=1):
        if entry[0] == "category":
            merge_across(t, r, entry[1])
            continue
        values, group = entry[1], entry[2]
        for c, text in enumerate(values):
            if c != 1:
                t.cell(r, c).text = text
        prev = layout[r - 2] if r >= 2 else None
        if group is not None and prev and prev[0] == "item" and prev[2] == group:
            continue  # merged below
        start = r
        last = r
        while (
            group is not None
            and last < len(layout)
            and layout[last][0] == "item"
            and layout[last][2] == group
        ):
            last += 1
        if last > start:
            merge_down(t, 1, start, last, values[1])
        else:
            t.cell(r, 1).text = values[1]
    doc.save(path)
    return expected
