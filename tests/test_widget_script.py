"""/<ws>/widget.js is our own small script, served as JavaScript that browsers may cache."""


def test_widget_js_is_served_as_cacheable_javascript(world):
    response = world.client_for(None).get("/acme/widget.js")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert "max-age=3600" in response["Cache-Control"]
    assert "public" in response["Cache-Control"]
    assert response["ETag"]
    body = response.content.decode()
    assert "keyloop:close" in body and "/widget/" in body
    assert len(response.content) < 12_000  # tiny: one request, no dependencies


def test_an_unchanged_script_answers_304(world):
    client = world.client_for(None)
    etag = client.get("/acme/widget.js")["ETag"]
    response = client.get("/acme/widget.js", headers={"If-None-Match": etag})
    assert response.status_code == 304
    assert response.content == b""


def test_the_script_loads_nothing_from_other_sites(world):
    body = world.client_for(None).get("/acme/widget.js").content.decode()
    assert "http://" not in body.replace("http://www.w3.org", "")
    assert "https://" not in body.replace("https://HOST", "")


def test_the_token_travels_in_the_fragment_not_the_query(world):
    # Fragments never reach the server, so the token never lands in an access log.
    body = world.client_for(None).get("/acme/widget.js").content.decode()
    assert 'params.set("sso", token)' in body
    assert "panelUrl + fragment()" in body
    assert '"#" + params.toString()' in body


def test_unknown_workspace_has_no_script(world):
    assert world.client_for(None).get("/initech/widget.js").status_code == 404
