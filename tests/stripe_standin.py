"""A local stand-in for the part of Stripe's API that ``judging.payments`` uses.

No test talks to Stripe. The real SDK is pointed at this server (``settings.STRIPE_API_BASE``) and
the server checks what the SDK actually sends: the bearer key, the Idempotency-Key header and the
form-encoded parameters. Routes (``StripeStandIn.ROUTES``): transfers (create, list, retrieve),
Connect Express accounts (create, retrieve) and account links. Every POST goes through Stripe's
idempotency semantics: the same key with the same parameters replays the stored response
(``Idempotent-Replayed: true``), including a decline; the same key with different parameters is a
400 ``idempotency_error``; ``forget_idempotency_keys`` plays the 24 hours after which Stripe
forgets them. ``fail_next`` injects failures; ``complete_onboarding`` plays the owner
finishing Stripe's onboarding; ``reverse_transfer`` plays staff reversing a transfer in Stripe's
dashboard, and ``add_transfer`` records one a test made without the stand-in.

Use it in a test module with::

    from tests.stripe_standin import signed_event, stripe_standin_fixture  # noqa: F401

and ask for the ``stripe_standin`` fixture (the import name differs so ruff sees no redefinition).
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import re
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar
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
DROP_AFTER_COMMIT = "drop_after_commit"  # the request is carried out, then the connection closed
FAILURES = frozenset(
    {SERVER_ERROR, INSUFFICIENT_FUNDS, BALANCE_INSUFFICIENT, RATE_LIMITED, DROP, DROP_AFTER_COMMIT}
)
#: Declines happen while Stripe executes the request, so Stripe stores them under the
#: Idempotency-Key and replays them (for 24 hours) to a retry with the same key.
DECLINES = frozenset({INSUFFICIENT_FUNDS, BALANCE_INSUFFICIENT})

Response = tuple[int, dict[str, Any]]


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
    accounts: dict[str, dict[str, Any]] = field(default_factory=dict)
    account_links: list[dict[str, Any]] = field(default_factory=list)
    _by_key: dict[str, tuple[str, list[tuple[str, str]], Response]] = field(default_factory=dict)
    _failures: deque[tuple[str, str | None]] = field(default_factory=deque)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1))
    _server: ThreadingHTTPServer | None = None

    #: (method, path pattern, handler). POST handlers run behind Stripe's idempotency layer
    #: (``_idempotent``); add a row and a ``_handler(form, **path_groups) -> Response`` to extend.
    ROUTES: ClassVar[list[tuple[str, re.Pattern[str], str]]] = [
        ("POST", re.compile(r"/v1/transfers"), "_create_transfer"),
        ("GET", re.compile(r"/v1/transfers"), "_list_transfers"),
        ("GET", re.compile(r"/v1/transfers/(?P<object_id>[^/]+)"), "_retrieve_transfer"),
        ("POST", re.compile(r"/v1/accounts"), "_create_account"),
        ("GET", re.compile(r"/v1/accounts/(?P<object_id>[^/]+)"), "_retrieve_account"),
        ("POST", re.compile(r"/v1/account_links"), "_create_account_link"),
        # Checkout sessions (sponsor prizes): the block at the end of the class.
        ("POST", re.compile(r"/v1/checkout/sessions"), "_create_checkout_session"),
        (
            "GET",
            re.compile(r"/v1/checkout/sessions/(?P<object_id>[^/]+)"),
            "_retrieve_checkout_session",
        ),
    ]

    @property
    def url(self) -> str:
        assert self._server is not None, "stand-in is not running"
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def fail_next(self, failure: str, times: int = 1, path: str | None = None) -> None:
        """Answer the next ``times`` requests (to ``path`` only, when given) with ``failure``."""
        if failure not in FAILURES:
            raise ValueError(f"unknown failure {failure!r}; pick one of {sorted(FAILURES)}")
        with self._lock:
            self._failures.extend([(failure, path)] * times)

    def requests_to(self, method: str, path: str) -> list[RecordedRequest]:
        return [r for r in self.requests if r.method == method and r.path == path]

    def set_account(self, account_id: str, **fields: Any) -> dict[str, Any]:
        """Change a connected account as Stripe would (e.g. after the owner finished onboarding)."""
        with self._lock:
            self.accounts[account_id].update(fields)
            return dict(self.accounts[account_id])

    def add_transfer(
        self, transfer_id: str, amount: int = 30_000_000, destination: str = "acct_standin"
    ) -> dict[str, Any]:
        """A transfer Stripe holds that was not made through this stand-in (e.g. a payout row a
        test creates directly), so that re-reading it finds Stripe's state."""
        with self._lock:
            self.transfers[transfer_id] = _transfer(transfer_id, amount, destination)
            return dict(self.transfers[transfer_id])

    def forget_idempotency_keys(self) -> None:
        """Play 24 hours passing: Stripe no longer replays any earlier request by its key (a
        repeat is carried out again), while the objects those requests made remain."""
        with self._lock:
            self._by_key.clear()

    def reverse_transfer(self, transfer_id: str, amount: int | None = None) -> dict[str, Any]:
        """Reverse ``amount`` more đồng of a transfer (all that is left when ``None``), as staff
        would in Stripe's dashboard; returns the transfer as Stripe now reports it."""
        with self._lock:
            transfer = self.transfers[transfer_id]
            left = transfer["amount"] - transfer["amount_reversed"]
            amount = left if amount is None else amount
            if not 0 < amount <= left:
                raise ValueError(f"cannot reverse {amount} of the {left} left on {transfer_id}")
            reversal = {
                "id": f"trr_standin{next(self._ids):06d}",
                "object": "transfer_reversal",
                "amount": amount,
                "currency": transfer["currency"],
                "transfer": transfer_id,
                "created": int(time.time()),
            }
            transfer["amount_reversed"] += amount
            transfer["reversed"] = transfer["amount_reversed"] >= transfer["amount"]
            reversals = transfer["reversals"]
            reversals["data"].append(reversal)
            reversals["total_count"] = len(reversals["data"])
            return json.loads(json.dumps(transfer))

    def transfer_event(self, event_type: str, event_id: str, transfer_id: str) -> dict:
        """The event Stripe would send now about ``transfer_id``, with its current state."""
        with self._lock:
            transfer = json.loads(json.dumps(self.transfers[transfer_id]))
        return transfer_event(event_type, event_id, transfer_id, **transfer)

    def complete_onboarding(self, account_id: str) -> dict[str, Any]:
        return self.set_account(
            account_id,
            details_submitted=True,
            payouts_enabled=True,
            capabilities={"transfers": "active"},
        )

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
            failure = self._take_failure(path)
            if failure == DROP:
                return None, {}, False
            decline = failure if failure in DECLINES and method == "POST" else None
            if failure in _ERRORS and decline is None:
                return (*_ERRORS[failure], False)
            if headers.get("authorization") != f"Bearer {self.api_key}":
                return _error(401, "invalid_request_error", "Invalid API Key provided.") + (False,)
            for route_method, pattern, name in self.ROUTES:
                match = pattern.fullmatch(path)
                if route_method == method and match:
                    handler = getattr(self, name)
                    if method == "POST":
                        status, body, replayed = self._idempotent(
                            path, headers, form, handler, decline
                        )
                    else:
                        status, body = handler(form, **match.groupdict())
                        replayed = False
                    break
            else:
                status, body = _error(
                    404, "invalid_request_error", f"Unrecognized request URL ({method}: {path})."
                )
                replayed = False
            if failure == DROP_AFTER_COMMIT:
                return None, {}, False
            return status, body, replayed

    def _take_failure(self, path: str) -> str | None:
        for index, (failure, only) in enumerate(self._failures):
            if only is None or only == path:
                del self._failures[index]
                return failure
        return None

    def _idempotent(
        self,
        path: str,
        headers: dict[str, str],
        form: list[tuple[str, str]],
        handler: Callable[[list[tuple[str, str]]], Response],
        decline: str | None,
    ) -> tuple[int, dict[str, Any], bool]:
        """Stripe's idempotency layer: the same key and parameters replay the stored response;
        the same key with other parameters (or another endpoint) is a 400 ``idempotency_error``."""
        key = headers.get("idempotency-key")
        if not key:
            return _error(
                400, "invalid_request_error", "Idempotency-Key header is required here."
            ) + (False,)
        if not headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
            return _error(400, "invalid_request_error", "Body must be form-encoded.") + (False,)
        params = sorted(form)
        if key in self._by_key:
            first_path, first_params, response = self._by_key[key]
            if (first_path, first_params) != (path, params):
                return _error(
                    400,
                    "idempotency_error",
                    "Keys for idempotent requests can only be used with the same parameters they "
                    f"were first used with. Try using a key other than '{key}' if you meant to "
                    "execute a different request.",
                ) + (False,)
            return (*response, True)
        response = _ERRORS[decline] if decline else handler(form)
        if response[0] == 200 or decline:
            self._by_key[key] = (path, params, response)
        return (*response, False)

    def _create_transfer(self, form: list[tuple[str, str]]) -> Response:
        values = dict(form)
        amount = values.get("amount", "")
        if not amount.isdigit() or int(amount) <= 0:
            return _error(400, "invalid_request_error", "Invalid integer: " + amount, "amount")
        if values.get("currency") != "vnd":
            return _error(400, "invalid_request_error", "The stand-in only pays VND.", "currency")
        destination = values.get("destination", "")
        if not destination.startswith("acct_"):
            return _error(400, "invalid_request_error", "No such destination.", "destination")
        account = self.accounts.get(destination)
        if account is not None and not account["payouts_enabled"]:
            return _error(
                400,
                "invalid_request_error",
                "Your destination account needs to have at least one of the following "
                "capabilities enabled: transfers, crypto_transfers, legacy_payments",
                "destination",
                code="insufficient_capabilities_for_transfer",
            )
        transfer_id = f"tr_standin{next(self._ids):06d}"
        transfer = _transfer(
            transfer_id,
            int(amount),
            destination,
            description=values.get("description"),
            metadata=_metadata(form),
            transfer_group=values.get("transfer_group"),
        )
        self.transfers[transfer_id] = transfer
        return 200, transfer

    def _list_transfers(self, form: list[tuple[str, str]]) -> Response:
        """Newest first, as Stripe lists; filters ``transfer_group`` and ``destination``, pages
        with ``limit`` and ``starting_after``."""
        values = dict(form)
        found = [
            t
            for t in reversed(self.transfers.values())
            if all(values[k] == t[k] for k in ("transfer_group", "destination") if k in values)
        ]
        if "starting_after" in values:
            ids = [t["id"] for t in found]
            if values["starting_after"] not in ids:
                return _missing("transfer", values["starting_after"])
            found = found[ids.index(values["starting_after"]) + 1 :]
        limit = values.get("limit", "10")
        if not limit.isdigit() or not 1 <= int(limit) <= 100:
            return _error(400, "invalid_request_error", "Invalid limit: " + limit, "limit")
        page = found[: int(limit)]
        return 200, {
            "object": "list",
            "data": page,
            "has_more": len(found) > len(page),
            "url": "/v1/transfers",
        }

    def _retrieve_transfer(self, form: list[tuple[str, str]], object_id: str) -> Response:
        if object_id not in self.transfers:
            return _missing("transfer", object_id)
        return 200, self.transfers[object_id]

    def _create_account(self, form: list[tuple[str, str]]) -> Response:
        values = dict(form)
        if values.get("type") != "express":
            return _error(400, "invalid_request_error", "The stand-in makes Express accounts.")
        if values.get("capabilities[transfers][requested]") != "true":
            return _error(
                400, "invalid_request_error", "Request the transfers capability.", "capabilities"
            )
        if not values.get("country"):
            return _error(400, "invalid_request_error", "Give the account's country.", "country")
        account_id = f"acct_standin{next(self._ids):06d}"
        account = {
            "id": account_id,
            "object": "account",
            "type": "express",
            "country": values["country"],
            "business_type": values.get("business_type"),
            "capabilities": {"transfers": "inactive"},
            "charges_enabled": False,
            "details_submitted": False,
            "payouts_enabled": False,
            "metadata": _metadata(form),
            "tos_acceptance": {
                "service_agreement": values.get("tos_acceptance[service_agreement]")
            },
            "created": int(time.time()),
        }
        self.accounts[account_id] = account
        return 200, account

    def _retrieve_account(self, form: list[tuple[str, str]], object_id: str) -> Response:
        if object_id not in self.accounts:
            return _missing("account", object_id)
        return 200, self.accounts[object_id]

    def _create_account_link(self, form: list[tuple[str, str]]) -> Response:
        values = dict(form)
        account_id = values.get("account", "")
        if account_id not in self.accounts:
            return _missing("account", account_id)
        if values.get("type") != "account_onboarding":
            return _error(400, "invalid_request_error", "Unsupported link type.", "type")
        for name in ("refresh_url", "return_url"):
            if not values.get(name, "").startswith(("http://", "https://")):
                return _error(400, "invalid_request_error", f"Not a valid URL: {name}", name)
        now = int(time.time())
        link = {
            "object": "account_link",
            "created": now,
            "expires_at": now + 300,
            "url": f"https://connect.stripe-standin.invalid/setup/e/{account_id}/{next(self._ids)}",
            **{name: values[name] for name in ("account", "refresh_url", "return_url")},
        }
        self.account_links.append(link)
        return 200, {k: link[k] for k in ("object", "created", "expires_at", "url")}

    # --- Checkout sessions (sponsor prizes, judging/sponsors.py) ---------------------------------
    # ``POST /v1/checkout/sessions`` checks a one-item VND payment with our return URLs and stores
    # the session as Stripe would (open, unpaid). Tests then play the sponsor's part on Stripe's
    # page with ``pay_checkout_session`` / ``expire_checkout_session`` and send the webhook.

    checkout_sessions: dict[str, dict[str, Any]] = field(default_factory=dict)

    def pay_checkout_session(self, session_id: str, **fields: Any) -> dict[str, Any]:
        """The sponsor paid on Stripe's page; ``fields`` override what Stripe reports."""
        with self._lock:
            session = self.checkout_sessions[session_id]
            session.update(
                status="complete",
                payment_status="paid",
                payment_intent=f"pi_standin{next(self._ids):06d}",
                **fields,
            )
            return json.loads(json.dumps(session))

    def expire_checkout_session(self, session_id: str) -> dict[str, Any]:
        with self._lock:
            session = self.checkout_sessions[session_id]
            session.update(status="expired", url=None)
            return json.loads(json.dumps(session))

    def _create_checkout_session(self, form: list[tuple[str, str]]) -> Response:
        values = dict(form)
        if values.get("mode") != "payment":
            return _error(400, "invalid_request_error", "The stand-in takes payments.", "mode")
        if any(k.startswith("line_items[1]") for k in values):
            return _error(400, "invalid_request_error", "One line item only.", "line_items")
        item = "line_items[0]"
        currency = values.get(f"{item}[price_data][currency]")
        if currency != "vnd":
            return _error(400, "invalid_request_error", "The stand-in only takes VND.", "currency")
        unit_amount = values.get(f"{item}[price_data][unit_amount]", "")
        quantity = values.get(f"{item}[quantity]", "")
        for name, value in (("unit_amount", unit_amount), ("quantity", quantity)):
            if not value.isdigit() or int(value) <= 0:
                return _error(400, "invalid_request_error", f"Invalid integer: {value}", name)
        if not values.get(f"{item}[price_data][product_data][name]", "").strip():
            return _error(400, "invalid_request_error", "Name the product.", "product_data")
        for name in ("success_url", "cancel_url"):
            if not values.get(name, "").startswith(("http://", "https://")):
                return _error(400, "invalid_request_error", f"Not a valid URL: {name}", name)
        session_id = f"cs_test_standin{next(self._ids):06d}"
        now = int(time.time())
        session = {
            "id": session_id,
            "object": "checkout.session",
            "mode": "payment",
            "status": "open",
            "payment_status": "unpaid",
            "amount_subtotal": int(unit_amount) * int(quantity),
            "amount_total": int(unit_amount) * int(quantity),
            "currency": currency,
            "client_reference_id": values.get("client_reference_id"),
            "locale": values.get("locale"),
            "metadata": _metadata(form),
            "payment_intent": None,
            "success_url": values["success_url"],
            "cancel_url": values["cancel_url"],
            "url": f"https://checkout.stripe-standin.invalid/c/pay/{session_id}",
            "created": now,
            "expires_at": now + 24 * 3600,
            "livemode": False,
        }
        self.checkout_sessions[session_id] = session
        return 200, session

    def _retrieve_checkout_session(self, form: list[tuple[str, str]], object_id: str) -> Response:
        if object_id not in self.checkout_sessions:
            return _missing("checkout.session", object_id)
        return 200, self.checkout_sessions[object_id]


def _transfer(transfer_id: str, amount: int, destination: str, **fields: Any) -> dict[str, Any]:
    return {
        "id": transfer_id,
        "object": "transfer",
        "amount": amount,
        "amount_reversed": 0,
        "balance_transaction": f"txn_{transfer_id[3:]}",
        "created": int(time.time()),
        "currency": "vnd",
        "description": None,
        "destination": destination,
        "destination_payment": f"py_{transfer_id[3:]}",
        "livemode": False,
        "metadata": {},
        "reversals": {"object": "list", "data": [], "has_more": False, "total_count": 0},
        "reversed": False,
        "source_transaction": None,
        "source_type": "card",
        "transfer_group": None,
        **fields,
    }


def _metadata(form: list[tuple[str, str]]) -> dict[str, str]:
    return {k[9:-1]: v for k, v in form if k.startswith("metadata[")}


def _missing(kind: str, object_id: str) -> Response:
    return _error(
        404,
        "invalid_request_error",
        f"No such {kind}: '{object_id}'",
        param="id",
        code="resource_missing",
    )


def _error(
    status: int, type_: str, message: str, param: str | None = None, code: str | None = None
) -> Response:
    error = {"type": type_, "message": message}
    if param:
        error["param"] = param
    if code:
        error["code"] = code
    return status, {"error": error}


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


def transfer_event(event_type: str, event_id: str, transfer_id: str, **fields) -> dict:
    """A Stripe event about a 30,000,000 VND transfer, as the webhook receives it.

    The webhook re-reads the transfer from Stripe, so the event's copy (``fields``) is what a late
    or stale delivery would carry; ``StripeStandIn.reverse_transfer`` changes what Stripe reports
    and ``StripeStandIn.transfer_event`` builds the event from it."""
    return {
        "id": event_id,
        "object": "event",
        "created": 1_760_000_000,
        "livemode": False,
        "type": event_type,
        "data": {
            "object": {
                "id": transfer_id,
                "object": "transfer",
                "amount": 30_000_000,
                "amount_reversed": 0,
                "reversed": False,
                **fields,
            }
        },
    }


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
