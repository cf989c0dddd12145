#!/usr/bin/env python3
"""The post-deploy smoke test: signs in with the dedicated smoke account and
walks read-only routes of every area against a base URL, failing on the
first answer that is not the expected one. It changes nothing (the sign-in
itself is the only write, as for any user).

    VSYS_SMOKE_ID=... VSYS_SMOKE_PASSWORD=... VSYS_SMOKE_DEVICE=... \\
        python3 infra/smoke.py https://v-sys.example.jp

The smoke account is a national account whose browser is known (its device
token, from the first sign-in with the mailed code: docs/operations.md), so
the sign-in needs no mail. Against a local gateway, `--enrol-local EMAIL`
first activates the issued account through the gateway's local mail and
prints the device token to use.

Standard library only: it runs from an operator's shell or a pipeline.
"""

import json
import os
import re
import sys
import urllib.error
import urllib.parse
import urllib.request

# (area, path, expected status or statuses) — read-only, answerable by a national account.
ROUTES = [
    ("public", "/public/status", 200),
    ("public", "/public/areas", 200),
    ("public", "/public/sites?prefecture_code=13", 200),
    ("public", "/public/notices?prefecture_code=13", 200),
    # 404 until the first morning's open data is written.
    ("public", "/public/statistics", (200, 404)),
    ("auth", "/me", 200),
    ("accounts", "/accounts", 200),
    ("accounts", "/organisations", 200),
    ("accounts", "/mail-failures", 200),
    ("plans", "/vaccines", 200),
    ("plans", "/cools", 200),
    ("plans", "/plan-calendar", 200),
    ("plans", "/plan-reviews", 200),
    ("plans", "/maintenance-windows", 200),
    ("facilities", "/facilities?prefecture_code=13", 200),
    ("facilities", "/contact-changes", 200),
    ("contracts", "/code-applications", 200),
    ("delivery", "/lots", 200),
    ("delivery", "/wholesalers", 200),
    ("results", "/result-reports?pref=13", 200),
    ("billing", "/billing-prices", 200),
    ("support", "/notices/home", 200),
    ("support", "/manuals", 200),
    ("support", "/faq", 200),
    ("support", "/inquiries", 200),
    ("support", "/inquiry-categories", 200),
    # Areas a national account may not read answer 403, which proves the
    # function runs and checks scope.
    ("allocation", "/allocations", 403),
    ("reservations", "/reservation-venues", 403),
    ("residents", "/resident-requests", 403),
]


def call(base, method, path, body=None, token=None):
    req = urllib.request.Request(base.rstrip("/") + path, method=method)
    if body is not None:
        req.data = json.dumps(body).encode()
        req.add_header("content-type", "application/json")
    if token:
        req.add_header("authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(req, timeout=30) as res:
            return res.status, res.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def json_of(raw):
    return json.loads(raw) if raw else None


def last_mail(base, to, pattern):
    status, raw = call(base, "GET", "/_local/mail?to=" + urllib.parse.quote(to))
    if status != 200:
        sys.exit(f"--enrol-local needs a local gateway (GET /_local/mail answered {status})")
    for m in reversed(json_of(raw)["messages"]):
        found = re.search(pattern, m.get("body") or "")
        if found:
            return found.group(1)
    sys.exit(f"no mail to {to} matching {pattern}")


def enrol_local(base, vsys_id, email, password):
    """Activates the issued smoke account on a local gateway; its device token."""
    token = last_mail(base, email, r"token=([A-Za-z0-9_-]{20,})")
    status, raw = call(base, "POST", "/auth/links/open", {"token": token})
    assert status == 200, raw
    code = last_mail(base, email, r"確認コード: (\d{6})")
    status, raw = call(base, "POST", "/auth/links/complete", {
        "token": token, "code": code, "new_password": password,
        "security_question": "スモークテストの合言葉は?", "security_answer": "smoke",
    })
    assert status == 200, raw
    device = json_of(raw)["device_token"]
    status, raw = call(base, "POST", "/auth/sign-in", {"vsys_id": vsys_id, "password": password, "device_token": device})
    assert status == 200, raw
    status, raw = call(base, "POST", "/me/consent", {"agree": True}, json_of(raw)["token"])
    assert status == 200, raw
    return device


def smoke(base, vsys_id, password, device):
    status, raw = call(base, "POST", "/auth/sign-in", {"vsys_id": vsys_id, "password": password, "device_token": device})
    if status != 200:
        sys.exit(f"sign-in: {status} {raw[:200]!r}")
    token = json_of(raw)["token"]
    failed = 0
    areas = set()
    for area, path, want in ROUTES:
        status, raw = call(base, "GET", path, token=token)
        ok = status in (want if isinstance(want, tuple) else (want,))
        failed += not ok
        areas.add(area)
        print(f"{'ok ' if ok else 'FAIL'} {status} {area:12} GET {path}")
    call(base, "POST", "/auth/sign-out", {}, token)
    if failed:
        sys.exit(f"smoke test: {failed} of {len(ROUTES)} routes failed")
    print(f"smoke test: {len(ROUTES)} routes of {len(areas)} areas answered as expected")


def main():
    args = sys.argv[1:]
    if not args:
        sys.exit(__doc__)
    base = args[0]
    env = os.environ
    password = env.get("VSYS_SMOKE_PASSWORD", "")
    if len(args) == 3 and args[1] == "--enrol-local":
        device = enrol_local(base, env["VSYS_SMOKE_ID"], args[2], password)
        print(device)
        return
    smoke(base, env["VSYS_SMOKE_ID"], password, env["VSYS_SMOKE_DEVICE"])


if __name__ == "__main__":
    main()
