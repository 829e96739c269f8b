"""Which stream sources the console may fetch: camera URLs on the public internet, and local files only from
folders the deployment names. Anything else is refused before a byte is fetched (server-side request forgery:
a link-local metadata URL or a server folder registered as a "camera" would otherwise become evidence).
"""
from __future__ import annotations

import ipaddress
import socket
from pathlib import Path
from urllib.parse import urlparse

from dashboard.config import Settings
from dashboard.errors import InvalidInput

ALLOWED_SCHEMES = ("rtsp", "rtsps", "http", "https", "rtmp")


def _private(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%")[0])
    return (ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_multicast or ip.is_reserved
            or ip.is_unspecified)


def _check_url(uri: str, *, settings: Settings) -> None:
    parsed = urlparse(uri)
    if parsed.scheme.lower() not in ALLOWED_SCHEMES:
        raise InvalidInput("Source scheme {scheme!r} is not allowed; use one of {schemes}.",
                           scheme=parsed.scheme or '(none)',
                           schemes=', '.join(ALLOWED_SCHEMES))
    if not parsed.hostname:
        raise InvalidInput("Source {uri!r} names no host.", uri=uri)
    if settings.allow_private_sources:
        return
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(parsed.hostname, parsed.port or None)}
    except (socket.gaierror, UnicodeError):
        raise InvalidInput("Source host {hostname!r} cannot be resolved.", hostname=parsed.hostname) from None
    if blocked := sorted(a for a in addresses if _private(a)):
        raise InvalidInput("Source host {hostname!r} is a private, loopback or link-local address ({addresses}); set "
                           "CONSOLE_ALLOW_PRIVATE_SOURCES=true for a private camera network.",
                           hostname=parsed.hostname, addresses=', '.join(blocked))


def _check_path(uri: str, *, settings: Settings) -> None:
    path = Path(uri).resolve()
    folders = [Path(f).resolve() for f in settings.local_source_dirs]
    if not any(path.is_relative_to(folder) for folder in folders):
        raise InvalidInput("Local source {uri!r} is outside the folders streams may be read from "
                           "(CONSOLE_LOCAL_SOURCE_DIRS: {folders}).", uri=uri,
                           folders=', '.join(map(str, folders)) or 'none')


def check_source(uri: str, *, settings: Settings) -> None:
    """Refuse a stream source the console must not fetch; InvalidInput says which rule and which setting."""
    if "://" in uri:
        _check_url(uri, settings=settings)
    else:
        _check_path(uri, settings=settings)
