"""A small JSON client for /api/v1/ that sends a bearer key, for the API tests."""

import json

from django.test import Client

from keyloop.accounts.actions import api_key_create

PREFIX = "/api/v1"


class ApiClient:
    def __init__(self, key: str):
        self.key = key
        self.client = Client()

    def request(self, method: str, path: str, body=None, *, raw: str | None = None, **headers):
        extra = {"HTTP_AUTHORIZATION": f"Bearer {self.key}"}
        extra.update({f"HTTP_{name.upper().replace('-', '_')}": v for name, v in headers.items()})
        data = raw if raw is not None else (json.dumps(body) if body is not None else "")
        return self.client.generic(method, PREFIX + path, data, "application/json", **extra)

    def get(self, path: str, **params):
        return self.client.get(PREFIX + path, params, HTTP_AUTHORIZATION=f"Bearer {self.key}")

    def post(self, path: str, body=None, **kwargs):
        return self.request("POST", path, body, **kwargs)

    def patch(self, path: str, body=None, **kwargs):
        return self.request("PATCH", path, body, **kwargs)

    def delete(self, path: str, **kwargs):
        return self.request("DELETE", path, **kwargs)


def api_for(workspace, *, read_only: bool = False) -> ApiClient:
    scopes = ("read",) if read_only else ("read", "write")
    _, key = api_key_create(workspace=workspace, name="Tests", created_by=None, scopes=scopes)
    return ApiClient(key)
