"""`keyloop demo` loads the Acme Analytics workspace once and prints a working admin login."""

import io

from django.core.management import call_command
from django.test import Client

from keyloop.accounts.models import Company, Person, Workspace


def run_demo():
    out = io.StringIO()
    call_command("demo", stdout=out)
    return out.getvalue()


def test_demo_creates_the_workspace_people_and_companies(db):
    output = run_demo()
    workspace = Workspace.objects.get(slug="demo")
    assert workspace.name == "Acme Analytics"
    assert Person.objects.filter(workspace=workspace).count() == 200
    assert Company.objects.filter(workspace=workspace).count() == 40
    plans = set(Company.objects.values_list("plan", flat=True))
    assert {"Free", "Starter", "Growth", "Business"} <= plans
    assert Company.objects.filter(mrr_cents__gt=0).exists()
    assert workspace.memberships.count() == 4

    line = next(line for line in output.splitlines() if line.startswith("Demo admin login:"))
    email, password = line.removeprefix("Demo admin login: ").split(" / ")
    client = Client()
    assert client.login(username=email, password=password)
    assert client.get("/demo/admin/").status_code == 200


def test_running_demo_again_changes_nothing_and_prints_the_same_login(db):
    first = run_demo()
    second = run_demo()
    assert Person.objects.count() == 200
    assert Company.objects.count() == 40
    login = [line for line in first.splitlines() if "login" in line]
    assert login == [line for line in second.splitlines() if "login" in line]
