"""The pseudonymous user key: one formula in Python and SQL, salt from the environment."""

from __future__ import annotations

import duckdb
import pytest

from support import PROJECT_DIR
from user_segmentation import duckdb_plugin
from user_segmentation.pseudonyms import (
    DEFAULT_SALT,
    SALT_ENV_VAR,
    looks_like_user_key,
    salt_from_environment,
    user_key,
)


def test_the_salt_comes_from_the_environment_with_a_public_default(monkeypatch):
    monkeypatch.delenv(SALT_ENV_VAR, raising=False)
    assert salt_from_environment() == DEFAULT_SALT
    monkeypatch.setenv(SALT_ENV_VAR, "s3cret")
    assert salt_from_environment() == "s3cret"
    assert user_key(42) == user_key(42, "s3cret") != user_key(42, DEFAULT_SALT)


def test_the_sql_default_salt_is_the_python_default():
    macro = (PROJECT_DIR / "macros" / "keys" / "user_key_salt.sql").read_text()
    assert f"return('{DEFAULT_SALT}')" in macro


def test_the_plugin_gives_every_cursor_the_salt_and_sql_hashes_like_python(monkeypatch):
    monkeypatch.setenv(SALT_ENV_VAR, "it's a salt")  # a quote must not break the statement
    plugin = duckdb_plugin.Plugin(name="salt", plugin_config={})
    connection = duckdb.connect(":memory:")
    plugin.configure_connection(connection)
    cursor = connection.cursor()
    plugin.configure_cursor(cursor)
    for handle in (connection, cursor):
        (key,) = handle.execute(
            "select sha256(getvariable('user_key_salt') || ':' || cast(12345 as varchar))"
        ).fetchone()
        assert key == user_key(12345)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (user_key(7), True),
        (user_key(7).upper(), True),
        (f"  {user_key(7)} ", True),
        (user_key(7)[:12], False),
        ("12345", False),
        ("g" * 64, False),
    ],
)
def test_user_keys_are_recognised_by_shape(text, expected):
    assert looks_like_user_key(text) is expected
