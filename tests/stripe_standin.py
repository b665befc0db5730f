"""A local stand-in for the part of Stripe's API that ``judging.payments`` uses.

No test talks to Stripe. The real SDK is pointed at this server (``settings.STRIPE_API_BASE``) and
the server checks what the SDK actually sends: the bearer key, the Idempotency-Key header and the
form-encoded transfer parameters. It keeps Stripe's idempotency semantics: the same key with the
same parameters replays the stored transfer (``Idempotent-Replayed: true``); the same key with
different parameters is a 400 ``idempotency_error``.

Use it in a test module with::

    from tests.stripe_standin import signed_event, stripe_standin_fixture  # noqa: F401

and ask for the ``stripe_standin`` fixture (the import name differs so ruff sees no redefinition).
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import threading
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest

API_KEY = "sk_test_standin"
WEBHOOK_SECRET = "whsec_test"

# Failures that ``StripeStandIn.fail_next`` can inject, answered instead of the next request.
SERVER_ERROR = "server_error"  # 500 api_error, before anything is stored
INSUFFICIENT_FUNDS = "insufficient_funds"  # 402 card_error-like, as the brief's worst case
BALANCE_INSUFFICIENT = "balance_insufficient"  # 400, what Stripe really answers for transfers
RATE_LIMITED = "rate_limited"  # 429
DROP = "drop"  # connection closed without a response, before anything is stored
DROP_AFTER_COMMIT = "drop_after_commit"  # transfer stored, then the connection is closed
FAILURES = frozenset(
    {SERVER_ERROR, INSUFFICIENT_FUNDS, BALANCE_INSUFFICIENT, RATE_LIMITED, DROP, DROP_AFTER_COMMIT}
)


@dataclass(frozen=True)
class RecordedRequest:
    method: str
    path: str
    headers: dict[str, str]
    form: dict[str, str]
    status: int | None
    """``None`` when the connection was dropped without a response."""
    replayed: bool = False


@dataclass
class StripeStandIn:
    api_key: str = API_KEY
    requests: list[RecordedRequest] = field(default_factory=list)
    transfers: dict[str, dict[str, Any]] = field(default_factory=dict)
    _by_key: dict[str, tuple[list[tuple[str, str]], dict[str, Any]]] = field(default_factory=dict)
    _failures: deque[str] = field(default_factory=deque)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1))
    _server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        assert self._server is not None, "stand-in is not running"
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def fail_next(self, failure: str, times: int = 1) -> None:
        if failure not in FAILURES:
            raise ValueError(f"unknown failure {failure!r}; pick one of {sorted(FAILURES)}")
        with self._lock:
            self._failures.extend([failure] * times)

    def requests_to(self, method: str, path: str) -> list[RecordedRequest]:
        return [r for r in self.requests if r.method == method and r.path == path]

    def start(self) -> StripeStandIn:
        standin = self

        class Handler(_Handler):
            pass

        Handler.standin = standin
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(
            target=self._server.serve_forever, args=(0.05,), name="stripe-standin", daemon=True
        ).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    # Request handling; called from the server threads.

    def handle(
        self, method: str, path: str, headers: dict[str, str], form: list[tuple[str, str]]
    ) -> tuple[int | None, dict[str, Any], bool]:
        """Return (status or None to drop the connection, JSON body, replayed)."""
        with self._lock:
            failure = self._failures.popleft() if self._failures else None
            if failure == DROP:
                return None, {}, False
            if failure in _ERRORS:
                return _ERRORS[failure]
            if headers.get("authorization") != f"Bearer {self.api_key}":
                return _error(401, "invalid_request_error", "Invalid API Key provided.")
            if method == "POST" and path == "/v1/transfers":
                status, body, replayed = self._create_transfer(headers, form)
            elif method == "GET" and path.startswith("/v1/transfers/"):
                status, body, replayed = self._retrieve_transfer(path.rsplit("/", 1)[1])
            else:
                status, body, replayed = _error(
                    404, "invalid_request_error", f"Unrecognized request URL ({method}: {path})."
                )
            if failure == DROP_AFTER_COMMIT:
                return None, {}, False
            return status, body, replayed

    def _create_transfer(
        self, headers: dict[str, str], form: list[tuple[str, str]]
    ) -> tuple[int, dict[str, Any], bool]:
        key = headers.get("idempotency-key")
        if not key:
            return _error(400, "invalid_request_error", "Idempotency-Key header is required here.")
        if not headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
            return _error(400, "invalid_request_error", "Body must be form-encoded.")
        params = sorted(form)
        if key in self._by_key:
            first_params, transfer = self._by_key[key]
            if first_params != params:
                return _error(
                    400,
                    "idempotency_error",
                    "Keys for idempotent requests can only be used with the same parameters they "
                    f"were first used with. Try using a key other than '{key}' if you meant to "
                    "execute a different request.",
                )
            return 200, transfer, True
        values = dict(form)
        amount = values.get("amount", "")
        if not amount.isdigit() or int(amount) <= 0:
            return _error(400, "invalid_request_error", "Invalid integer: " + amount, "amount")
        if values.get("currency") != "vnd":
            return _error(400, "invalid_request_error", "The stand-in only pays VND.", "currency")
        if not values.get("destination", "").startswith("acct_"):
            return _error(400, "invalid_request_error", "No such destination.", "destination")
        transfer_id = f"tr_standin{next(self._ids):06d}"
        transfer = {
            "id": transfer_id,
            "object": "transfer",
            "amount": int(amount),
            "amount_reversed": 0,
            "balance_transaction": f"txn_{transfer_id[3:]}",
            "created": int(time.time()),
            "currency": "vnd",
            "description": values.get("description"),
            "destination": values["destination"],
            "destination_payment": f"py_{transfer_id[3:]}",
            "livemode": False,
            "metadata": {k[9:-1]: v for k, v in form if k.startswith("metadata[")},
            "reversals": {"object": "list", "data": [], "has_more": False, "total_count": 0},
            "reversed": False,
            "source_transaction": None,
            "source_type": "card",
            "transfer_group": values.get("transfer_group"),
        }
        self.transfers[transfer_id] = transfer
        self._by_key[key] = (params, transfer)
        return 200, transfer, False

    def _retrieve_transfer(self, transfer_id: str) -> tuple[int, dict[str, Any], bool]:
        if transfer_id not in self.transfers:
            return _error(
                404,
                "invalid_request_error",
                f"No such transfer: '{transfer_id}'",
                param="id",
                code="resource_missing",
            )
        return 200, self.transfers[transfer_id], False


def _error(
    status: int, type_: str, message: str, param: str | None = None, code: str | None = None
) -> tuple[int, dict[str, Any], bool]:
    error = {"type": type_, "message": message}
    if param:
        error["param"] = param
    if code:
        error["code"] = code
    return status, {"error": error}, False


_ERRORS = {
    SERVER_ERROR: _error(500, "api_error", "Something went wrong on Stripe's end."),
    INSUFFICIENT_FUNDS: _error(
        402, "card_error", "Insufficient funds to make this transfer.", code="insufficient_funds"
    ),
    BALANCE_INSUFFICIENT: _error(
        400,
        "invalid_request_error",
        "You have insufficient available funds in your Stripe account.",
        code="balance_insufficient",
    ),
    RATE_LIMITED: _error(429, "invalid_request_error", "Too many requests.", code="rate_limit"),
}


class _Handler(BaseHTTPRequestHandler):
    standin: StripeStandIn

    def do_GET(self) -> None:
        self._serve("GET")

    def do_POST(self) -> None:
        self._serve("POST")

    def _serve(self, method: str) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length).decode() if length else ""
        url = urlsplit(self.path)
        form = parse_qsl(raw or url.query, keep_blank_values=True)
        headers = {k.lower(): v for k, v in self.headers.items()}
        status, body, replayed = self.standin.handle(method, url.path, headers, form)
        with self.standin._lock:
            self.standin.requests.append(
                RecordedRequest(method, url.path, headers, dict(form), status, replayed)
            )
        if status is None:
            self.close_connection = True
            return
        payload = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.send_header("Request-Id", f"req_standin{len(self.standin.requests):06d}")
        if headers.get("idempotency-key"):
            self.send_header("Idempotency-Key", headers["idempotency-key"])
        if replayed:
            self.send_header("Idempotent-Replayed", "true")
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: Any) -> None:
        pass


def signed_event(
    payload: dict[str, Any], secret: str = WEBHOOK_SECRET, timestamp: int | None = None
) -> tuple[bytes, str]:
    """Serialise ``payload`` and sign it the way Stripe documents for the Stripe-Signature header.

    Computed here independently (not with the SDK's helper) so webhook tests check the SDK's real
    verification against the documented scheme: ``t=<ts>,v1=hex(HMAC-SHA256(secret, "<ts>.<body>"))``.
    """
    body = json.dumps(payload).encode()
    ts = int(time.time()) if timestamp is None else timestamp
    signature = hmac.new(secret.encode(), f"{ts}.".encode() + body, hashlib.sha256).hexdigest()
    return body, f"t={ts},v1={signature}"


@pytest.fixture(name="stripe_standin")
def stripe_standin_fixture(settings) -> Iterator[StripeStandIn]:
    """A running stand-in with settings pointing the SDK at it (fixture name ``stripe_standin``)."""
    standin = StripeStandIn().start()
    settings.STRIPE_API_BASE = standin.url
    settings.STRIPE_SECRET_KEY = API_KEY
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    try:
        yield standin
    finally:
        standin.stop()
