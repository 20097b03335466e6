"""The fetch guard's address checks: which addresses an article fetch may connect to.

Only public unicast addresses, judged on what a connection would reach: an IPv6
address that embeds an IPv4 one (mapped, 6to4, NAT64) is judged by that IPv4.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout

from django.conf import settings

from .types import FetchError

METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(a) for a in ("169.254.169.254", "fd00:ec2::254", "100.100.100.200")
)


def check_address(address: str) -> None:
    """Raise FetchError unless `address` (an IP literal) is a public unicast address."""
    ip = _embedded_ipv4(ipaddress.ip_address(address))
    if ip in METADATA_ADDRESSES:
        raise FetchError(f"Refused: {ip} is a cloud metadata address.")
    for attribute, label in (
        ("is_loopback", "a loopback"),
        ("is_link_local", "a link-local"),
        ("is_multicast", "a multicast"),
        ("is_private", "a private-network"),
        ("is_reserved", "a reserved"),
        ("is_unspecified", "an unspecified"),
    ):
        if getattr(ip, attribute):
            raise FetchError(f"Refused: {ip} is {label} address.")
    if not ip.is_global:
        raise FetchError(f"Refused: {ip} is not a public address.")


# IPv6 prefixes that carry an IPv4 address a gateway or tunnel delivers to: NAT64
# (RFC 6052 and RFC 8215) and the deprecated IPv4-compatible form.
NAT64_PREFIXES = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))
IPV4_COMPATIBLE = ipaddress.ip_network("::/96")


def _embedded_ipv4(
    ip: ipaddress.IPv4Address | ipaddress.IPv6Address,
) -> ipaddress.IPv4Address | ipaddress.IPv6Address:
    """The IPv4 address an IPv6 address reaches, where it embeds one: 2002:7f00:1::
    (6to4) or 64:ff9b::7f00:1 (NAT64) lead to 127.0.0.1, yet Python calls them global."""
    if not isinstance(ip, ipaddress.IPv6Address):
        return ip
    if ip.ipv4_mapped:
        return ip.ipv4_mapped
    if ip.sixtofour:
        return ip.sixtofour
    low32 = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    if any(ip in prefix for prefix in NAT64_PREFIXES):
        return low32
    if ip in IPV4_COMPATIBLE and int(ip) > 1:
        return low32
    return ip


# getaddrinfo has no timeout of its own: it runs here, and the fetch waits for it only
# until its deadline. A lookup left hanging finishes (or not) in its thread.
_RESOLVER = ThreadPoolExecutor(max_workers=4, thread_name_prefix="fetch-dns")


def resolve_checked(host: str, port: int, *, deadline: float) -> str:
    lookup = _RESOLVER.submit(socket.getaddrinfo, host, port, type=socket.SOCK_STREAM)
    try:
        infos = lookup.result(timeout=max(deadline - time.monotonic(), 0))
    except FutureTimeout:
        raise FetchError(f"Looking up the host {host} took too long.", transient=True) from None
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"The host {host} could not be found ({exc}).", transient=True) from exc
    addresses = [str(info[4][0]) for info in infos]
    if not addresses:
        raise FetchError(f"The host {host} has no address.", transient=True)
    if not settings.FETCH_ALLOW_PRIVATE:
        # Every answer is checked: a host that also resolves privately is refused outright.
        for address in addresses:
            try:
                check_address(address)
            except FetchError as exc:
                why = exc.reason.removeprefix("Refused: ")
                raise FetchError(f"Refused {host}: {why}") from None
    # TLS still verifies the certificate for `host`: httpcore passes it as server_hostname.
    return addresses[0]
