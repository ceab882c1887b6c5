"""Tools around the project: the config scaffold for a new table and the benchmark.

Parts:

- ``scaffold``: profile a table and write a starter ``user_table`` config.
- ``bench``: the project against the notebook script and the bare query, side by side.
"""

from user_segmentation.tools.scaffold import profile_table, propose_config, render_config, scaffold

__all__ = ["profile_table", "propose_config", "render_config", "scaffold"]
