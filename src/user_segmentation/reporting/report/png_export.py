"""PNG export of the report's charts: kaleido (headless Chromium), else a matplotlib radar."""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go

from user_segmentation.reporting.charts import radar_chart_matplotlib

PNG_WIDTH = 1200
PNG_SCALE = 2


def export_pngs(
    figures: dict[str, go.Figure], png_dir: Path, radar: pd.DataFrame, bar=None
) -> tuple[list[Path], str | None, str | None]:
    """Write a PNG per chart with kaleido, or the radar chart with matplotlib if kaleido fails.

    Parameters
    ----------
    figures : dict
        Chart name to plotly figure.
    png_dir : Path
        Output folder, created if needed.
    radar : pandas.DataFrame
        The radar frame, for the matplotlib fallback.
    bar : tqdm, optional
        Progress bar to advance once per chart.

    Returns
    -------
    tuple
        (paths written, engine ``"kaleido"``, ``"matplotlib"`` or None when nothing was drawn,
        note on the fallback or None)
    """
    png_dir.mkdir(parents=True, exist_ok=True)
    try:
        paths = _export_with_kaleido(figures, png_dir, bar)
        return paths, "kaleido", None
    except Exception as error:  # kaleido raises several types when Chrome is missing or dies
        note = f"kaleido failed ({type(error).__name__}: {error})"
        if radar.empty:  # segments clustered on categories alone: no numeric profile to draw
            return [], None, note + "; no numeric profile to draw with matplotlib"
        note += "; radar chart drawn with matplotlib"
        figure = radar_chart_matplotlib(radar)
        path = png_dir / "radar.png"
        figure.savefig(path, facecolor="white")
        if bar is not None:
            bar.update(bar.total - bar.n)
        return [path], "matplotlib", note


def _export_with_kaleido(figures: dict[str, go.Figure], png_dir: Path, bar) -> list[Path]:
    import kaleido
    from choreographer.browsers.chromium import Chromium

    # Without a browser kaleido's server waited for one forever (an hour, until killed) instead
    # of failing over to matplotlib: look first, as kaleido itself would.
    if Chromium.find_browser(skip_local=False) is None:
        raise FileNotFoundError("no Chromium or Chrome found (make browser installs Chromium)")
    paths = []
    with warnings.catch_warnings():
        # plotly passes its own kaleido options, which a running sync server ignores.
        warnings.filterwarnings("ignore", message="The kopts argument is ignored")
        kaleido.start_sync_server(silence_warnings=True)
        try:
            for name, figure in figures.items():
                if bar is not None:
                    bar.set_postfix_str(f"{name}.png")
                path = png_dir / f"{name}.png"
                height = figure.layout.height or 600
                figure.write_image(path, width=PNG_WIDTH, height=height, scale=PNG_SCALE)
                paths.append(path)
                if bar is not None:
                    bar.update()
        finally:
            kaleido.stop_sync_server(silence_warnings=True)
    return paths
