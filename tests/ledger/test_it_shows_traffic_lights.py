import re


def test_it_shows_each_open_items_light_in_the_ledger(client, world, today):
    client.force_login(world.office)
    page = client.get("/ledger/", {"view": "table"}).content.decode()
    lights = {}
    for row in re.findall(r"<tr.*?</tr>", page, re.S):
        light = re.search(r'class="light light-(\w+)"', row)
        label = re.search(r"\((\d)\)", row)
        if light and label:
            lights[label.group(1)] = light.group(1)
    # (1) is past its deadline, (3) is due within two days, (2) is long-term and on track.
    assert lights == {"1": "red", "2": "green", "3": "yellow"}
