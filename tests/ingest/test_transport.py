"""The guarded transport maps httpcore's errors to httpx's, as fetch expects them."""

from __future__ import annotations

import httpcore
import httpx
import pytest

from deals.ingest.transport import GuardedTransport, as_httpx_error
from deals.ingest.types import FetchError


@pytest.mark.parametrize(
    ("core", "expected"),
    [
        (httpcore.ReadTimeout("slow"), httpx.ReadTimeout),
        (httpcore.ConnectTimeout("slow"), httpx.ConnectTimeout),
        (httpcore.ConnectError("refused"), httpx.ConnectError),
        (httpcore.RemoteProtocolError("garbage"), httpx.RemoteProtocolError),
        (httpcore.UnsupportedProtocol("gopher"), httpx.UnsupportedProtocol),
    ],
)
def test_maps_each_httpcore_error_to_the_httpx_one(core, expected) -> None:
    mapped = as_httpx_error(core)
    assert type(mapped) is expected
    assert str(mapped) == str(core)


def test_leaves_the_guards_own_refusal_alone() -> None:
    refusal = FetchError("Refused: Unix sockets are not fetched.")
    assert as_httpx_error(refusal) is refusal


def test_a_timeout_while_connecting_reaches_httpx_as_a_timeout(monkeypatch) -> None:
    def too_slow(*args, **kwargs):
        raise httpcore.ConnectTimeout("the fetch's deadline has passed")

    transport = GuardedTransport(deadline=0.0)
    monkeypatch.setattr(httpcore.ConnectionPool, "handle_request", too_slow)
    with httpx.Client(transport=transport) as client, pytest.raises(httpx.ConnectTimeout):
        client.get("http://news.example/")
