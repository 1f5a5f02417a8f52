"""Twilio's request signature: X-Twilio-Signature over HOTLINE_PUBLIC_URL + path (+ query) and the
form parameters, checked with the `twilio` package's RequestValidator.

The URL is rebuilt from HOTLINE_PUBLIC_URL, not from the Host header, so a TLS-terminating proxy
in front of the app does not break the check, and a forged Host cannot make one pass.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from twilio.request_validator import RequestValidator

log = logging.getLogger("hotline.ivr")


def signed_url(public_url: str, path: str, query_string: str) -> str:
    return f"{public_url}{path}" + (f"?{query_string}" if query_string else "")


def is_valid(auth_token: str, url: str, form: Mapping[str, str], signature: str) -> bool:
    if not auth_token:
        # Without the token nothing can be checked, so nothing is accepted.
        log.warning("HOTLINE_TWILIO_AUTH_TOKEN is not set: refusing a Twilio webhook")
        return False
    if not signature:
        return False
    return bool(RequestValidator(auth_token).validate(url, dict(form), signature))
