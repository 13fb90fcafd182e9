"""Security headers on every response: pages, JSON, static files and errors alike.

Transcript text is untrusted (some of it is scraped HTML), so escaping is the first
defence and these headers are the second: even if markup slipped through a template,
the Content-Security-Policy allows no inline script, style or handler to run.
"""

from __future__ import annotations

from flask import Flask, Response

# No 'unsafe-inline' anywhere: the templates use only files under /static, and the
# tests check every rendered page for inline scripts, style attributes and handlers.
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    )
)
# The archive needs no device, sensor or payment API: switch off the ones browsers offer.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    # Same-origin keeps the query (which may hold a search for a source's name) from
    # leaking to an episode's audio host when a reader follows a play link.
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": PERMISSIONS_POLICY,
}


def add_security_headers(response: Response) -> Response:
    """Set the security headers on a response, replacing any weaker ones a view set."""
    response.headers.update(SECURITY_HEADERS)
    return response


def init_app(app: Flask) -> None:
    """Send the security headers with every response the app makes, errors included."""
    app.after_request(add_security_headers)
