"""Where the mock may deliver webhooks: by default only to this machine and private networks.

A client that can reach the mock can subscribe any URL, and the docs' own subscribe example names a real
third-party domain: replaying the docs, or a test run with network access, must not POST an account's events
there. So a host outside loopback, private and link-local addresses (and `localhost`, `*.localhost`) is
delivered to only when named in `--callbell-webhook-hosts` (or with `any`); otherwise the delivery is recorded
as failed with the reason. Host names are never resolved to decide, so the check itself sends nothing.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from urllib.parse import urlsplit

__all__ = ["ANY", "LOCAL", "Destinations"]

LOCAL = "local"
ANY = "any"


def _local(host: str) -> bool:
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_private or address.is_link_local


@dataclass(frozen=True)
class Destinations:
    allowed: tuple[str, ...] = (LOCAL,)

    def refusal(self, url: str) -> str | None:
        """Why the mock will not deliver to `url`, or None when it will."""
        if ANY in self.allowed:
            return None
        host = (urlsplit(url).hostname or "").lower()
        if (LOCAL in self.allowed and _local(host)) or host in {name.lower() for name in self.allowed}:
            return None
        return (
            f"not delivered: {host} is not a local address; start the mock with "
            f"--callbell-webhook-hosts {host} (or any) to deliver there"
        )
