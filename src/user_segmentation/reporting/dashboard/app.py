"""The Streamlit script of the dashboard: Overview, Segment, Compare, User lookup.

Run it with ``user-segmentation dashboard --publish-dir DIR``. It reads only the release that
``DIR/current`` points to, through `user_segmentation.serving.publish.open_published`, never
the DuckDB file `dbt build` writes, so it keeps serving while a build runs. ``current`` is
re-resolved on every rerun: a new publish shows up on the next reload or interaction.

This file only picks the release and the page; each page is a module of this package (see its
``__init__``). Importing it draws nothing; Streamlit runs it as ``__main__``, which calls `main`.
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

from user_segmentation.reporting.dashboard import (
    PUBLISH_DIR_ENV,
    compare,
    overview,
    segment,
    user_lookup,
)
from user_segmentation.reporting.dashboard.queries import load_marts, read_page_data
from user_segmentation.reporting.dashboard.widgets import utc_timestamp
from user_segmentation.serving.publish import (
    NothingPublishedError,
    Release,
    current_release,
    open_published,
    read_release,
)

# `load_marts` stays importable from here for scripts that read the marts as the app does.
__all__ = ["load_marts", "main", "publish_dir_from_environment"]

DEFAULT_PUBLISH_DIR = Path("data/published")
PAGES = ("Overview", "Segment", "Compare", "User lookup")
_CONNECTION_TTL_SECONDS = 600


@st.cache_resource(ttl=_CONNECTION_TTL_SECONDS, max_entries=4, show_spinner=False)
def _connection(release_path: str) -> duckdb.DuckDBPyConnection:
    """One in-memory connection per release folder (keyed by the resolved path)."""
    return open_published(Path(release_path).parent.parent, release=read_release(release_path))


def publish_dir_from_environment() -> Path:
    """The publish folder named by the environment, else ``data/published``."""
    return Path(os.environ.get(PUBLISH_DIR_ENV) or DEFAULT_PUBLISH_DIR)


def _sidebar(release: Release, marts: dict[str, pd.DataFrame]) -> str:
    slugs = {page.lower().replace(" ", "-"): page for page in PAGES}
    requested = slugs.get(str(st.query_params.get("page", "")).lower(), PAGES[0])
    with st.sidebar:
        st.header("User segments")
        page = st.radio("Page", PAGES, index=PAGES.index(requested), key="page")
        st.query_params["page"] = page.lower().replace(" ", "-")
        st.divider()
        st.subheader("Release")
        run = marts["run"].iloc[0]
        st.markdown(
            f"**run_id** `{release.run_id}`  \n"
            f"**published_at** {utc_timestamp(release.published_at)}  \n"
            f"**computed_at** {utc_timestamp(release.manifest.get('computed_at'))}  \n"
            f"**preset** `{run['preset']}`, k = {int(run['k'])}"
        )
        st.caption(f"Release `{release.name}`. Reload the page to pick up a newer publish.")
    return page


def main() -> None:
    """Draw the page the sidebar picks, from the current release."""
    st.set_page_config(page_title="User segments", page_icon=":bar_chart:", layout="wide")
    publish_dir = publish_dir_from_environment()
    try:
        release = current_release(publish_dir)
    except NothingPublishedError as error:
        st.title("User segments")
        st.error(str(error))
        st.stop()
    connection = _connection(str(release.path))
    page_data = read_page_data(connection)
    page = _sidebar(release, page_data.marts)
    {
        "Overview": overview.show,
        "Segment": segment.show,
        "Compare": compare.show,
        "User lookup": user_lookup.show,
    }[page](page_data)


if __name__ == "__main__":
    main()
