"""Small helpers of the API tests: posting JSON, reading ids, expecting a refusal."""


def post(client, path, body=None, **kwargs):
    return client.post(f"/api/v1/{path}", body or {}, format="json", **kwargs)


def ids(response) -> set[int]:
    """The ids of a paginated list response (asserting it is a 200)."""
    assert response.status_code == 200, response.json()
    return {row["id"] for row in response.json()["results"]}


def ok(response, code=200) -> dict:
    assert response.status_code == code, response.json()
    return response.json()


def refused(response, *words) -> str:
    """A 400 naming the rule (every word in the message)."""
    assert response.status_code == 400, response.json()
    detail = response.json()["detail"]
    for word in words:
        assert word in detail, detail
    return detail


def forbidden(response, *words) -> str:
    """A 403: the caller sees the object but its role may never do this (every word in the
    message)."""
    assert response.status_code == 403, response.json()
    detail = response.json()["detail"]
    for word in words:
        assert word in detail, detail
    return detail
