"""The notebook's flat CSV at any size (the user-grain bench's input)."""

from __future__ import annotations

import pandas as pd

from user_segmentation.synthetic.flat_profiles import NOTEBOOK_CSV, write_flat_profiles_csv


def test_the_written_csv_has_the_notebooks_header_and_only_valid_rows(tmp_path):
    path = write_flat_profiles_csv(tmp_path / "profiles.csv", 5_000, seed=3)

    written = pd.read_csv(path)
    notebook = pd.read_csv(NOTEBOOK_CSV)
    assert list(written.columns) == list(notebook.columns)
    assert written["User ID"].tolist() == list(range(1, 5_001))
    for rate in ("Click-Through Rates (CTR)", "Conversion Rates"):
        assert written[rate].between(0, 1).all()
    for hours in ("Time Spent Online (hrs/weekday)", "Time Spent Online (hrs/weekend)"):
        assert written[hours].between(0, 24).all()
    assert (written["Likes and Reactions"] >= 0).all()
    # Categories come from the notebook's rows, numbers are jittered (not copies of its values).
    for column in ("Age", "Gender", "Income Level", "Top Interests"):
        assert set(written[column]) <= set(notebook[column])
    assert not set(written["Likes and Reactions"]) <= set(notebook["Likes and Reactions"])


def test_the_same_seed_writes_the_same_file_and_another_seed_another(tmp_path):
    first = write_flat_profiles_csv(tmp_path / "a.csv", 2_000, seed=5).read_bytes()
    again = write_flat_profiles_csv(tmp_path / "b.csv", 2_000, seed=5).read_bytes()
    other = write_flat_profiles_csv(tmp_path / "c.csv", 2_000, seed=6).read_bytes()

    assert first == again
    assert first != other
