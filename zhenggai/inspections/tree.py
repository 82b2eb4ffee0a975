"""The findings tree as pages need it: ancestry, and pre-order numbering.

`Tree.of` loads a campaign's whole tree (for the finding form, which offers every node
as a parent). A page of items loads only what it shows: `Tree.roots_of` the categories,
then `add_ancestors` the headings above that page's items — a bounded number of rows
whatever the size of the campaign (a seed has a few hundred findings, a province's
ledger a hundred thousand).
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q

from zhenggai.inspections.models import Finding

FIELDS = ("id", "campaign_id", "parent_id", "depth", "position", "label", "title")


@dataclass
class Tree:
    nodes: dict[int, Finding] = field(default_factory=dict)

    @classmethod
    def of(cls, campaign_id) -> "Tree":
        qs = Finding.objects.filter(campaign_id=campaign_id).only(*FIELDS)
        return cls({f.pk: f for f in qs})

    @classmethod
    def roots_of(cls, campaign_id) -> "Tree":
        """The campaign's categories only (one query over the (campaign, position) index);
        `add_ancestors` brings the headings above the items a page shows."""
        qs = Finding.objects.filter(campaign_id=campaign_id, parent__isnull=True).only(*FIELDS)
        return cls({f.pk: f for f in qs})

    def add_ancestors(self, findings) -> None:
        """Take in `findings` and the headings above them: those that came joined with
        them (`select_related("finding__parent")` brings an item's problem, and the
        roots are loaded: no query for a tree of the usual depth), else one query
        joining the parents as deep as the deepest finding sits, one more only where a
        depth is out of step with the tree."""
        findings = list(findings)
        for f in findings:
            self._take(f)
        above = max((f.depth for f in findings), default=0) - 2
        missing = self._missing()
        while missing:
            qs = Finding.objects.only(*FIELDS).filter(pk__in=missing)
            if above > 0:
                qs = qs.select_related("__".join(["parent"] * above))
            before = len(self.nodes)
            for node in qs:
                self._take(node)
            if len(self.nodes) == before:
                return
            above = 0
            missing = self._missing()

    def _take(self, node) -> None:
        """`node` and the parents joined with it."""
        while node is not None and node.pk not in self.nodes:
            self.nodes[node.pk] = node
            node = node._state.fields_cache.get("parent")

    def _missing(self) -> set[int]:
        return {n.parent_id for n in self.nodes.values() if n.parent_id is not None} - set(
            self.nodes
        )

    def category_filter(self, category_id) -> Q:
        """The items under a category (a root), as a condition on Task: the positions
        between the category and the next one, since `position` is a pre-order walk
        (`renumber`). An index range on (campaign, position); no tree is loaded."""
        roots = self.roots()
        for i, root in enumerate(roots):
            if root.pk == category_id:
                q = Q(finding__campaign_id=root.campaign_id, finding__position__gt=root.position)
                if i + 1 < len(roots):
                    q &= Q(finding__position__lt=roots[i + 1].position)
                return q
        return Q(pk__in=[])

    def ancestors(self, finding_id) -> list[Finding]:
        """From the root down to the finding's parent (the finding itself excluded)."""
        chain = []
        node = self.nodes.get(finding_id)
        seen = set()
        while node is not None and node.parent_id is not None and node.parent_id not in seen:
            seen.add(node.parent_id)
            node = self.nodes.get(node.parent_id)
            if node is not None:
                chain.append(node)
        chain.reverse()
        return chain

    def roots(self) -> list[Finding]:
        return sorted(
            (f for f in self.nodes.values() if f.parent_id is None), key=lambda f: f.position
        )

    def category_of(self, finding_id) -> Finding | None:
        chain = self.ancestors(finding_id)
        return chain[0] if chain else None

    def descendant_ids(self, finding_id) -> set[int]:
        children: dict[int, list[int]] = {}
        for f in self.nodes.values():
            children.setdefault(f.parent_id, []).append(f.pk)
        out, stack = set(), [finding_id]
        while stack:
            for child in children.get(stack.pop(), []):
                if child not in out:
                    out.add(child)
                    stack.append(child)
        return out


def ancestors_of(finding) -> list[Finding]:
    """From the root down to `finding`'s parent, for one item's breadcrumb: one query
    joining the parents as deep as the finding sits, whatever the size of the campaign
    (Tree.of loads the whole tree, for pages that show many items)."""
    if finding.parent_id is None:
        return []
    above = max(finding.depth - 1, 0)
    qs = Finding.objects.only(
        "id", "campaign_id", "parent_id", "depth", "position", "label", "title"
    )
    if above:
        qs = qs.select_related("__".join(["parent"] * above))
    node = qs.get(pk=finding.parent_id)
    chain, seen = [node], {node.pk}
    # Follow what the join brought; a parent it did not reach (a depth out of step with
    # the tree) is one more query, never a wrong breadcrumb.
    while node.parent_id is not None and node.parent_id not in seen:
        node = node.parent
        seen.add(node.pk)
        chain.append(node)
    chain.reverse()
    return chain


def rows_for_page(tasks, tree: Tree) -> list[dict]:
    """The tree view of one page of items: each item preceded by the category and
    problem headings not yet shown on this page, so a page that starts mid-problem still
    says where it is."""
    rows, shown = [], set()
    for task in tasks:
        for node in tree.ancestors(task.finding_id):
            if node.pk not in shown:
                shown.add(node.pk)
                rows.append({"node": node, "depth": node.depth})
        rows.append({"task": task, "depth": task.finding.depth})
    return rows


@transaction.atomic
def renumber(campaign_id) -> None:
    """Rewrite `position` and `depth` of a campaign's findings as a pre-order walk.

    Called after a finding is added or moved. Siblings keep their current order; a new
    finding (given a position past the end) comes last among its siblings. Positions are
    unique per campaign and the constraint is not deferrable, so the rows are first moved
    out of the way, then given their final numbers.
    """
    # The rows are locked for the rewrite: two office members adding findings at once
    # must not interleave their numbering.
    nodes = list(
        Finding.objects.select_for_update()
        .filter(campaign_id=campaign_id)
        .only("id", "parent_id", "position", "depth")
        .order_by("position")
    )
    children: dict[int | None, list[Finding]] = {}
    for f in nodes:
        children.setdefault(f.parent_id, []).append(f)
    ordered: list[tuple[Finding, int]] = []

    def walk(parent_id, depth):
        for f in children.get(parent_id, []):
            ordered.append((f, depth))
            walk(f.pk, depth + 1)

    walk(None, 0)
    if not ordered:
        return
    offset = max(f.position for f in nodes) + len(nodes) + 1
    for f in nodes:
        f.position += offset
    Finding.objects.bulk_update(nodes, ["position"])
    for position, (f, depth) in enumerate(ordered):
        f.position, f.depth = position, depth
    Finding.objects.bulk_update([f for f, _ in ordered], ["position", "depth"])
