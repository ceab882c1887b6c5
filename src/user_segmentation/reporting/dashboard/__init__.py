"""The Streamlit dashboard on the published marts (`user-segmentation dashboard`).

Parts:

- ``app``: the script Streamlit runs (:data:`APP_PATH`): picks the release and the page.
- ``overview``, ``segment``, ``compare``, ``user_lookup``: one module per page.
- ``queries``: a connection to the published release in, DataFrames out.
- ``shaping``: frames only the dashboard shows (the shared ones are in ``reporting.frames``).
- ``figures``: report charts laid out for Streamlit columns, and the dashboard's own charts.
- ``widgets``: Streamlit pieces the pages share.

Importing this package is cheap (no Streamlit): the CLI reads :data:`APP_PATH` from it.
"""

from pathlib import Path

#: The Streamlit script; run it with `user-segmentation dashboard`.
APP_PATH = Path(__file__).with_name("app.py")

#: Environment variable that tells the app which publish folder to read.
PUBLISH_DIR_ENV = "USER_SEGMENTATION_PUBLISH_DIR"

__all__ = ["APP_PATH", "PUBLISH_DIR_ENV"]
