import re

from django.test import Client


def test_it_serves_the_openapi_schema_without_a_token(db, client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    paths = schema["paths"]
    for path in (
        "/api/v1/inspections",
        "/api/v1/findings",
        "/api/v1/items",
        "/api/v1/items/{item_id}",
        "/api/v1/items/{item_id}/transitions",
        "/api/v1/items/{item_id}/reports",
        "/api/v1/units",
        "/api/v1/reports",
    ):
        assert path in paths
    assert schema["components"]["securitySchemes"]["TokenAuth"]["scheme"] == "bearer"
    # Every error the API gives is documented with the error body.
    responses = paths["/api/v1/items/{item_id}/transitions"]["post"]["responses"]
    assert {"200", "400", "401", "403", "404", "409", "422"} <= set(responses)


def test_it_serves_the_docs_from_the_site_alone(db, client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    urls = re.findall(r"""(?:src|href)=["']([^"']+)""", html)
    assert urls, html
    assert not re.search(r"https?://", html), "the docs page must not load anything off-site"
    assert '"validatorUrl": null' in html
    static = Client()
    for url in urls:
        assert url.startswith("/"), url
        assert static.get(url).status_code == 200, url


def test_it_answers_an_unexpected_error_with_json_and_logs_it(
    api, world, keys, monkeypatch, caplog
):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("zhenggai.api.api._item", broken)
    response = api.get("/items", keys["office"])
    assert response.status_code == 500
    assert response.json() == {"error": "服务器内部错误。"}
    assert "boom" not in response.content.decode()
    assert "API error on GET /api/v1/items" in caplog.text
