"""Owners manage roles; a workspace always keeps an owner; the page stays fast."""

from django.urls import reverse

from keyloop.accounts.models import Membership, Role, User


def test_an_owner_makes_a_member_admin(world):
    alice = world.client_for(world.alice)
    bob_membership = Membership.objects.get(user=world.bob)
    response = alice.post(
        reverse("member_role", args=["acme", bob_membership.id]), {"role": "admin"}, follow=True
    )
    assert "bob@acme.test is now Admin" in response.content.decode()
    bob_membership.refresh_from_db()
    assert bob_membership.role == Role.ADMIN
    # Bob now reaches the admin-only pages.
    assert world.client_for(world.bob).get(reverse("api_keys", args=["acme"])).status_code == 200


def test_the_last_owner_cannot_leave_or_be_demoted(world):
    alice = world.client_for(world.alice)
    own = Membership.objects.get(user=world.alice, workspace=world.acme)
    response = alice.post(reverse("member_remove", args=["acme", own.id]), follow=True)
    assert "needs at least one owner" in response.content.decode()
    assert Membership.objects.filter(pk=own.pk).exists()


def test_an_admin_cannot_remove_the_owner(world):
    Membership.objects.filter(user=world.bob).update(role=Role.ADMIN)
    owner = Membership.objects.get(user=world.alice, workspace=world.acme)
    bob = world.client_for(world.bob)
    response = bob.post(reverse("member_remove", args=["acme", owner.id]), follow=True)
    assert "Only an owner can remove an owner" in response.content.decode()
    assert Membership.objects.filter(pk=owner.pk).exists()


def test_a_member_can_leave(world):
    bob = world.client_for(world.bob)
    own = Membership.objects.get(user=world.bob)
    response = bob.post(reverse("member_remove", args=["acme", own.id]), follow=True)
    assert "You left Acme" in response.content.decode()
    assert bob.get(reverse("team_dashboard", args=["acme"])).status_code == 404


def test_the_members_page_queries_do_not_grow_with_members(world, django_assert_max_num_queries):
    alice = world.client_for(world.alice)
    url = reverse("members", args=["acme"])
    alice.get(url)  # warm the session

    def count_queries():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as context:
            assert alice.get(url).status_code == 200
        return len(context.captured_queries)

    few = count_queries()
    for index in range(25):
        user = User.objects.create_user(f"member{index}@acme.test", "x")
        Membership.objects.create(workspace=world.acme, user=user)
    assert count_queries() == few
