"""Drive head office's console over plain HTTP as a browser would: a cookie jar, the CSRF
token read from each page's forms, urlencoded POSTs, no redirects followed unless asked."""

from __future__ import annotations

import re
from typing import Any

import httpx

from central.console.accounts import create_account
from central.db import make_engine, run_transaction
from tests.helpers.central_server import CentralServer

PASSWORD = "correct horse battery"
_CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def add_account(central: CentralServer, username: str, role: str,
                password: str = PASSWORD) -> None:
    """Make a console account straight in central's database."""
    engine = make_engine(central.db_url)
    try:
        run_transaction(engine, lambda s: create_account(s, username, username.title(), role,
                                                         password))
    finally:
        engine.dispose()


class ConsoleBrowser:
    """One browser's session with the console."""

    def __init__(self, central: CentralServer, language: str = "en") -> None:
        self.http = httpx.Client(base_url=central.url, timeout=30.0, follow_redirects=False,
                                 headers={"Accept-Language": language})
        self.csrf = ""

    def __enter__(self) -> ConsoleBrowser:
        return self

    def __exit__(self, *_: object) -> None:
        self.http.close()

    def get(self, path: str) -> httpx.Response:
        """GET a page and remember the CSRF token its forms carry."""
        page = self.http.get(path)
        if found := _CSRF.search(page.text):
            self.csrf = found.group(1)
        return page

    def post(self, path: str, csrf: str | None = None, **fields: Any) -> httpx.Response:
        """POST a form with the current CSRF token (or ``csrf`` as given; "" for none)."""
        data = dict(fields)
        token = self.csrf if csrf is None else csrf
        if token:
            data["csrf"] = token
        return self.http.post(path, data=data)

    def sign_in(self, username: str, password: str = PASSWORD, code: str = ""
                ) -> httpx.Response:
        """Open the sign-in page and send the form; the answer (303 on success)."""
        self.get("/console/sign-in")
        return self.post("/console/sign-in", username=username, password=password, code=code)

    def signed_in_as(self, username: str, password: str = PASSWORD) -> ConsoleBrowser:
        """Sign in (asserting it worked) and load a page to hold a session CSRF token."""
        answer = self.sign_in(username, password)
        assert answer.status_code == 303, answer.text
        self.get("/console/stores")
        return self
