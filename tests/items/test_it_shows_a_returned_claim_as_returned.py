"""After 退回, the 整改成效 section says that the text is the returned request's claim, not
an effect the office accepted; while a request waits, it says the claim waits."""

import re

from django.urls import reverse

from tests.items.test_it_moves_items_from_the_page import _media, add_evidence  # noqa: F401
from tests.world import login


def effect_section(client, task):
    body = client.get(reverse("task", args=[task.pk])).content.decode()
    return re.search(r'<section id="effect">(.*?)</section>', body, re.S).group(1)


def test_it_shows_a_returned_claim_as_returned(client, world):
    task = world.t1
    add_evidence(task, world.lead_liaison)
    task.refresh_from_db()
    task.request_closure(world.lead_liaison, "累计开具消防整改通知书2000份")

    login(client, world.office)
    section = effect_section(client, task)
    assert "待审核审批" in section and "累计开具消防整改通知书2000份" in section

    task.office_return(world.office, "佐证材料不全")
    for reader in (world.office, world.lead_liaison):
        login(client, reader)
        section = effect_section(client, task)
        assert "被退回的销号申请所述成效" in section
        claim = re.search(r'<blockquote class="returned-claim">(.*?)</blockquote>', section, re.S)
        assert claim and "累计开具消防整改通知书2000份" in claim.group(1)
        # Not shown as the item's effect.
        assert re.search(r"<h2>[^<]*</h2>\s*<p>—</p>", section)


def test_it_shows_a_rewritten_effect_as_the_items_own(client, world):
    task = world.t1
    add_evidence(task, world.lead_liaison)
    task.refresh_from_db()
    task.request_closure(world.lead_liaison, "夸大的成效")
    task.office_return(world.office, "不实")
    task.refresh_from_db()
    task.edit_measure(
        world.office,
        task.version,
        task.measure,
        [(a.label, a.text) for a in task.actions.all()],
        "核实后的成效",
    )
    section = effect_section(login(client, world.office), task)
    assert "被退回" not in section and "核实后的成效" in section
