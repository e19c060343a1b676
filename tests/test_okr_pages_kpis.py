"""KPIs: a list with each KPI's latest value, healthy band and a stale flag when it is late; a
KPI page with its history chart and a box to add today's value; "promote to key result" turns
it into a key result whose baseline is its latest value and whose history came along."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from keyloop.okrs import actions
from keyloop.okrs.models import Kpi

from .okr_pages_support import count_queries, tell, text_of

KPIS = reverse("okr_kpis", args=["acme"])


def kpi_with_history(world):
    kpi = actions.kpi_create(
        workspace=world.acme, name="Monthly active users", healthy_min=90_000,
        healthy_max=200_000, owner=world.alice,
    )  # fmt: skip
    now = timezone.now()
    for days_ago, value in ((16, 95_000), (9, 98_000), (2, 101_000)):
        actions.kpi_value_add(kpi=kpi, value=value, at=now - timedelta(days=days_ago))
    return kpi


def test_a_kpi_is_created_from_the_form(world):
    answer = world.client_for(world.alice).post(
        reverse("okr_kpi_new", args=["acme"]),
        {"name": "Churn", "unit": "percent", "direction": "decrease", "healthy_max": "3",
         "update_every_days": "30", "owner": world.alice.pk},
        follow=True,
    )  # fmt: skip
    kpi = Kpi.objects.get(name="Churn")
    assert (kpi.direction, kpi.healthy_max, kpi.update_every_days) == ("decrease", 3, 30)
    assert "“Churn” is tracked. Record its first value." in text_of(answer)


def test_the_list_shows_latest_value_band_health_and_staleness(world):
    kpi_with_history(world)
    late = actions.kpi_create(workspace=world.acme, name="Support tickets", healthy_max=120)
    Kpi.objects.filter(pk=late.pk).update(created_at=timezone.now() - timedelta(days=30))
    text = text_of(world.client_for(world.bob).get(KPIS))
    row = text.split("Monthly active users", 1)[1].split("Support tickets", 1)[0]
    assert "101,000" in row and "90,000 – 200,000" in row and "Healthy" in row
    assert "Stale" not in row
    assert "Stale" in text.split("Support tickets", 1)[1]


def test_the_kpi_page_charts_its_history_inside_the_healthy_band(world):
    kpi = kpi_with_history(world)
    page = world.client_for(world.bob).get(reverse("okr_kpi", args=["acme", kpi.pk]))
    chart = page.content.decode().split('<figure class="okr-chart">', 1)[1]
    assert chart.count('class="chart-value-dot"') == 3
    assert 'class="chart-healthy"' in chart
    assert 'id="kpi-current">101,000<' in page.content.decode()


def test_a_value_is_added_and_becomes_the_latest(world):
    kpi = kpi_with_history(world)
    url = reverse("okr_kpi_value", args=["acme", kpi.pk])
    answer = world.client_for(world.bob).post(url, {"value": "250000"}, follow=True)
    text = text_of(answer)
    assert "Recorded 250,000." in text and "Outside the band" in text
    kpi.refresh_from_db()
    assert kpi.current == 250_000
    wrong = world.client_for(world.bob).post(url, {"value": "many"}, follow=True)
    assert "Not recorded: Enter a number, like 42 or 12.5." in text_of(wrong)


def test_promoting_a_kpi_makes_a_key_result_with_its_history(world):
    story = tell(world)
    kpi = kpi_with_history(world)
    alice = world.client_for(world.alice)
    url = reverse("okr_kpi_promote", args=["acme", kpi.pk])
    form = alice.get(url)
    assert "Its latest value, 101,000, is the baseline" in text_of(form)
    answer = alice.post(url, {"objective": story.loved.pk, "target": "150000"}, follow=True)
    key_result = story.loved.key_results.get(kpi=kpi)
    assert (key_result.baseline, key_result.target) == (101_000, 150_000)
    assert key_result.check_ins.count() == 3
    text = text_of(answer)
    assert "“Monthly active users” is a key result of “Build a product customers love” now" in text
    assert "Monthly active users from 101,000 to 150,000 by" in text


def test_a_kpi_without_values_cannot_be_promoted_yet(world):
    tell(world)
    kpi = actions.kpi_create(workspace=world.acme, name="NPS")
    page = text_of(world.client_for(world.alice).get(reverse("okr_kpi", args=["acme", kpi.pk])))
    assert "Record a value first" in page and "Promote to key result" not in page


def test_the_list_runs_the_same_queries_for_two_kpis_or_twenty(world):
    bob = world.client_for(world.bob)
    for n in range(2):
        actions.kpi_create(workspace=world.acme, name=f"KPI {n}", owner=world.alice)
    few, _ = count_queries(bob, KPIS)
    for n in range(2, 20):
        kpi = actions.kpi_create(workspace=world.acme, name=f"KPI {n}", owner=world.bob)
        actions.kpi_value_add(kpi=kpi, value=n)
    many, page = count_queries(bob, KPIS)
    assert "KPI 19" in text_of(page)
    assert few == many
