from django.urls import reverse

from tests.world import login
from zhenggai.accounts.models import Role, User


def test_it_creates_an_account_with_a_password(client, world):
    response = login(client, world.office).post(
        reverse("manage_user_new"),
        {
            "username": "ll-cgj2",
            "display_name": "李联络",
            "role": Role.LIAISON,
            "unit": world.shared.pk,
            "password1": "Zhenggai-2018!",
            "password2": "Zhenggai-2018!",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(username="ll-cgj2")
    assert user.check_password("Zhenggai-2018!")
    assert (user.role, user.unit) == (Role.LIAISON, world.shared)


def test_it_refuses_mismatched_or_weak_passwords(client, world):
    login(client, world.office)
    for p1, p2 in [("Zhenggai-2018!", "other-2018!"), ("123", "123")]:
        response = client.post(
            reverse("manage_user_new"),
            {"username": "x", "role": Role.OBSERVER, "password1": p1, "password2": p2},
        )
        assert response.status_code == 200
    assert not User.objects.filter(username="x").exists()


def test_it_requires_a_unit_for_unit_roles(client, world):
    response = login(client, world.office).post(
        reverse("manage_user_new"),
        {
            "username": "y",
            "role": Role.MEMBER,
            "password1": "Zhenggai-2018!",
            "password2": "Zhenggai-2018!",
        },
    )
    assert response.status_code == 200
    assert not User.objects.filter(username="y").exists()


def test_it_edits_an_account(client, world):
    login(client, world.office).post(
        reverse("manage_user", args=[world.other_liaison.pk]),
        {"display_name": "王", "role": Role.MEMBER, "unit": world.other.pk},
    )
    world.other_liaison.refresh_from_db()
    assert world.other_liaison.role == Role.MEMBER
    assert not world.other_liaison.is_active  # unchecked box: deactivated


def test_it_resets_a_password(client, world):
    login(client, world.office).post(
        reverse("manage_user_password", args=[world.lead_liaison.pk]),
        {"new_password1": "Another-pass-9", "new_password2": "Another-pass-9"},
    )
    world.lead_liaison.refresh_from_db()
    assert world.lead_liaison.check_password("Another-pass-9")


def test_it_escapes_display_names(client, world):
    world.lead_liaison.display_name = "<script>x</script>"
    world.lead_liaison.save()
    body = login(client, world.office).get(reverse("manage_users")).content.decode()
    assert "<script>x</script>" not in body
