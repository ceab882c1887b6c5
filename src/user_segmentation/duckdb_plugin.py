"""dbt-duckdb plugin that hands the user-key salt to SQL without writing it into any SQL text,
and sets every connection's time zone to UTC.

Listed in profiles.yml (``plugins: [{module: user_segmentation.duckdb_plugin}]``). It sets the
DuckDB variable ``user_key_salt`` on the connection and on every cursor dbt opens; the macro
``user_key`` reads it with ``getvariable``. A literal salt in the SQL would end up in ``target/``
(compiled SQL) and ``logs/dbt.log``.

When dbt opens the database it also schedules the import of the fitting code (scikit-learn, SciPy:
~2.5 s of one core) on a background thread, so the import overlaps the validation and aggregation
queries instead of delaying the first Python model on the build's critical path. It starts a few
seconds in: the first seconds of a build are dbt's own Python work (seeds and their tests), which
an import holding Python's global lock would slow down; DuckDB's queries release that lock.
"""

from __future__ import annotations

import importlib
import threading

from dbt.adapters.duckdb.plugins import BasePlugin
from dbt.flags import get_flags

from user_segmentation.pseudonyms import salt_from_environment

SALT_VARIABLE = "user_key_salt"
BACKGROUND_IMPORTS = ("user_segmentation.segmentation.pipeline",)
BACKGROUND_IMPORT_DELAY_S = 5.0
_background_import_started = threading.Event()


class Plugin(BasePlugin):
    def configure_connection(self, conn) -> None:
        set_salt(conn)
        set_utc(conn)
        start_background_imports()

    def configure_cursor(self, cursor) -> None:
        set_salt(cursor)
        set_utc(cursor)


def set_salt(connection) -> None:
    """Set the salt variable on a DuckDB connection or cursor (bound parameter, never logged)."""
    connection.execute(f"set variable {SALT_VARIABLE} = ?", [salt_from_environment()])


def set_utc(connection) -> None:
    """Read and write times in UTC whatever the machine's time zone. DuckDB's session time zone
    is the machine's: on a laptop in New York, an event logged at '2024-03-10 23:30' (no offset)
    was read as 03:30 UTC on the 11th, so its day, weekday and the as-of date moved."""
    connection.execute("set TimeZone = 'UTC'")


def start_background_imports() -> None:
    """Import the Python models' modules on a daemon thread after a delay, once per process.

    Python's import lock makes a model that needs a module before the thread is done wait for it
    rather than import it twice; an import error surfaces again in the model that needs it.
    """
    if _background_import_started.is_set() or not _runs_every_model():
        return
    _background_import_started.set()
    timer = threading.Timer(BACKGROUND_IMPORT_DELAY_S, _import_quietly)
    timer.name = "background-imports"
    timer.daemon = True
    timer.start()


def _runs_every_model() -> bool:
    """Whether this dbt command builds or runs the whole project, and so reaches the fit.

    A selection (a staging model, a test) or another command may never run a Python model: there
    the import would only take a core from DuckDB.
    """
    flags = get_flags()
    return getattr(flags, "WHICH", None) in ("build", "run") and not getattr(flags, "SELECT", None)


def _import_quietly() -> None:
    for module in BACKGROUND_IMPORTS:
        try:
            importlib.import_module(module)
        except Exception:  # noqa: BLE001 - the model importing it reports the error
            return
