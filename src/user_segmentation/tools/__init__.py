"""Tools around the project: the config scaffolds for a new table or log, and the benchmark.

Parts:

- ``scaffold``: profile a table and write a starter ``user_table`` config (``table_profile``
  measures the columns); ``event_log_scaffold`` does the same for an event log.
- ``timestamp_formats``: how a column's dates are written (``19970101``, ``12/1/2010 8:26``,
  epoch seconds), for both scaffolds.
- ``bench``: the project against the notebook script and the bare query, side by side
  (``user_grain_bench``, ``event_log_bench``: the other input shapes).
- ``memory_trace``: a build's resident memory over time, and its peak while each stage ran.
"""

from user_segmentation.tools.scaffold import profile_table, propose_config, render_config, scaffold

__all__ = ["profile_table", "propose_config", "render_config", "scaffold"]
