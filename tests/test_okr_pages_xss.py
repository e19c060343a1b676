"""No XSS payload typed into an OKR field (cycle, team, objective, key result, metric, unit
label, check-in note, reflection, KPI) reaches an OKR page in executable form: it shows as text,
the charts' SVG included."""

import pytest
from django.urls import reverse

from keyloop.okrs import actions

from .routes_okrs_team import TEAM_ROUTES
from .test_markdown_xss import PAYLOADS, assert_not_executable, visible_text


@pytest.mark.parametrize("payload", PAYLOADS)
def test_no_payload_reaches_an_okr_page_executable(world, payload):
    from .okr_pages_support import running_cycle

    cycle = running_cycle(world, name=f"Q {payload}"[:80])
    team = actions.team_create(workspace=world.acme, name=payload[:80])
    objective = actions.objective_create(
        cycle=cycle, team=team, title=payload[:200], description=payload, owner=world.alice
    )
    key_result = actions.key_result_create(
        objective=objective, title=payload[:200], metric=payload[:200], unit_label=payload[:20],
        baseline=1, target=5, owner=world.alice,
    )  # fmt: skip
    check_in = actions.checkin_create(
        key_result=key_result, value=2, note=payload, next_actions=payload, author=world.alice
    )
    actions.key_result_reflect(key_result=key_result, reflection=payload)
    kpi = actions.kpi_create(workspace=world.acme, name=f"K {payload}"[:200], description=payload)
    actions.kpi_value_add(kpi=kpi, value=3)
    objects = {
        "okr_cycle": cycle, "okr_team": team, "okr_objective": objective,
        "okr_key_result": key_result, "okr_check_in": check_in, "okr_kpi": kpi,
    }  # fmt: skip
    alice = world.client_for(world.alice)
    for name, route in TEAM_ROUTES.items():
        if not route.get_allowed:
            continue
        url = reverse(name, kwargs={"slug": "acme", **route.kwargs(objects)})
        response = alice.get(url)
        assert response.status_code == 200, url
        assert_not_executable(response.content.decode(), url)
    # The payload did arrive, as text a person can read.
    page = alice.get(reverse("okr_key_result", args=["acme", key_result.pk]))
    assert payload[:200].strip() in visible_text(page.content.decode())
    lint = alice.post(
        reverse("okr_key_result_lint", args=["acme", objective.pk]), {"title": payload}
    )
    assert_not_executable(lint.content.decode(), "live lint")
