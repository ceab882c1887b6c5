"""Pseudonymous user keys: the same salted hash as the dbt macro ``user_key``.

Marts and releases carry ``user_key`` instead of the user id. Whoever holds the salt (env var
``USER_SEGMENTATION_SALT``) can turn an id into its key, e.g. the dashboard's user lookup; nobody
can turn a key back into an id.
"""

from __future__ import annotations

import hashlib
import os
import re

SALT_ENV_VAR = "USER_SEGMENTATION_SALT"
#: Public, so keys made with it are only pseudonymous to people who do not read this file; every
#: build warns while it is in use (macro validate_project_vars).
DEFAULT_SALT = "user-segmentation-public-default-salt"

_USER_KEY_PATTERN = re.compile(r"[0-9a-f]{64}")


def salt_from_environment() -> str:
    """The salt of this process: env var ``USER_SEGMENTATION_SALT``, else the public default."""
    return os.environ.get(SALT_ENV_VAR) or DEFAULT_SALT


def user_key(user_id: object, salt: str | None = None) -> str:
    """Hex SHA-256 of ``salt:user_id``, equal to the macro ``user_key`` for the same salt and id."""
    salt = salt_from_environment() if salt is None else salt
    return hashlib.sha256(f"{salt}:{user_id}".encode()).hexdigest()


def looks_like_user_key(text: str) -> bool:
    """Whether ``text`` has the shape of a user key (64 lowercase hex digits)."""
    return bool(_USER_KEY_PATTERN.fullmatch(text.strip().lower()))
