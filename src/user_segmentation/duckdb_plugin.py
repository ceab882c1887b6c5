"""dbt-duckdb plugin that hands the user-key salt to SQL without writing it into any SQL text.

Listed in profiles.yml (``plugins: [{module: user_segmentation.duckdb_plugin}]``). It sets the
DuckDB variable ``user_key_salt`` on the connection and on every cursor dbt opens; the macro
``user_key`` reads it with ``getvariable``. A literal salt in the SQL would end up in ``target/``
(compiled SQL) and ``logs/dbt.log``.
"""

from __future__ import annotations

from dbt.adapters.duckdb.plugins import BasePlugin

from user_segmentation.pseudonyms import salt_from_environment

SALT_VARIABLE = "user_key_salt"


class Plugin(BasePlugin):
    def configure_connection(self, conn) -> None:
        set_salt(conn)

    def configure_cursor(self, cursor) -> None:
        set_salt(cursor)


def set_salt(connection) -> None:
    """Set the salt variable on a DuckDB connection or cursor (bound parameter, never logged)."""
    connection.execute(f"set variable {SALT_VARIABLE} = ?", [salt_from_environment()])
