"""The OpenAPI description covers every JSON route the app has, and nothing it lacks."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient

from web.openapi import PATHS


def _openapi_path(rule: str) -> str:
    """Return a Flask rule (`/api/episodes/<episode_id>`) in OpenAPI's form (`{episode_id}`)."""
    return re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule)


def test_every_json_route_is_described_and_every_description_is_a_route(app: Flask) -> None:
    routes = {
        (_openapi_path(rule.rule), method.lower())
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/")
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    described = {(path, method) for path, item in PATHS.items() for method in item}
    assert routes == described
    for path, item in PATHS.items():
        named = set(re.findall(r"{(\w+)}", path))
        for operation in item.values():
            in_path = {p["name"] for p in operation["parameters"] if p["in"] == "path"}
            assert in_path == named, path
            assert "200" in operation["responses"]


def test_the_description_is_served_as_json_with_this_server(client: FlaskClient) -> None:
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    document = response.get_json()
    assert document["openapi"].startswith("3.")
    assert document["servers"] == [{"url": "http://localhost"}]
    assert set(document["paths"]) == set(PATHS)
    error = document["components"]["responses"]["Error"]["content"]["application/json"]
    assert error["schema"]["required"] == ["ok", "error", "status"]
