"""``regulars central serve`` over HTTPS, and what its log keeps: requests, never phones.

The real command (``python -m central serve --certfile … --keyfile …``) runs in its own
process with a certificate from a CA made in the test; real requests carry phones in bodies
and, as a careless client would, in URLs; then the test reads the process's whole output.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import httpx

from tests.helpers.central_server import ROOT, free_port, start_central
from tests.helpers.tls_ca import make_server_tls

# The same people written as a web shop, a cashier or a careless script would.
PHONES = {
    "0912345678": ("0912-345-678", "+886 912 345 678", "+886912345678", "０９１２３４５６７８"),
    "91234567": ("9123 4567", "+852 9123 4567", "+85291234567", "(852) 9123-4567"),
    "4155552671": ("+1 (415) 555-2671", "+1-415-555-2671", "+14155552671"),
}


def digits_in(text: str) -> str:
    """``text`` with its digits made ASCII and phone punctuation dropped."""
    ascii_digits = text.translate({0xFF10 + k: ord("0") + k for k in range(10)})
    return re.sub(r"[ \-()+.]|%20|%2B", "", ascii_digits)


def test_central_serves_https_and_its_access_log_holds_no_phone(tmp_path: Path) -> None:
    pki = make_server_tls(tmp_path / "pki")
    log_path = tmp_path / "central.log"
    central = start_central(f"sqlite:///{tmp_path / 'central.db'}", subprocess=True,
                            log_path=log_path, tls=pki)
    try:
        assert central.url.startswith("https://")
        with central.client("admin") as admin:
            web_token = admin.post("/v1/admin/online-clients",
                                   json={"name": "web shop"}).json()["token"]
            rules = admin.get("/v1/rules").json()["document"]
            rules["member_phone_regions"] = ["*"]  # this chain takes foreign mobiles too
            assert admin.put("/v1/admin/rules", json={"document": rules}).status_code == 200
        with central.client(web_token) as web:
            for written in PHONES.values():
                e164 = next(form for form in written if form.startswith("+") and " " not in
                            form and "-" not in form)
                signed = web.post("/v1/members", json={"phone": e164, "name": "陳大文"})
                assert signed.status_code == 201, signed.text
                for form in written:  # a Hong Kong number without +852 is not one in TW
                    found = web.post("/v1/members/lookup", json={"phone": form})
                    assert found.status_code in (200, 422), (form, found.text)
                    # as a careless client would: the phone in the URL (405, 404, 401 …)
                    assert web.get("/v1/members", params={"phone": form}).status_code == 405
                    assert web.get(f"/v1/members/{form}").status_code >= 400
        with httpx.Client(base_url=central.url, verify=False) as anyone:
            anyone.get("/v1/rules", headers={"Authorization": "Bearer rt_" + "x" * 43})
    finally:
        central.stop()
    log = log_path.read_text("utf-8")
    assert "Uvicorn running on https://127.0.0.1" in log  # served over TLS by the command
    assert "INFO uvicorn.error: " in log  # uvicorn's own loggers use central's redacting format
    assert log.count('"POST /v1/members/lookup HTTP/1.1" 200') >= 8  # the access log is on
    assert '"GET /v1/members?phone=' in log and " 405" in log
    flat = digits_in(log)
    for national, written in PHONES.items():
        assert national not in flat, national
        for form in written:
            assert form not in log, form
    assert "x" * 43 not in log and "陳大文" not in log


def test_serve_refuses_a_certificate_without_its_key_in_words(tmp_path: Path) -> None:
    pki = make_server_tls(tmp_path / "pki")
    other = make_server_tls(tmp_path / "other")
    base = [sys.executable, "-m", "central", "serve", "--db",
            f"sqlite:///{tmp_path / 'c.db'}", "--port", str(free_port())]
    for extra in (["--certfile", str(pki.certfile)],
                  ["--certfile", str(pki.certfile), "--keyfile", str(other.keyfile)]):
        done = subprocess.run(base + extra, cwd=ROOT, capture_output=True, text=True,
                              timeout=60, check=False)
        assert done.returncode == 2, done.stderr
        assert done.stderr.startswith("regulars central serve: "), done.stderr
        assert "Traceback" not in done.stderr
