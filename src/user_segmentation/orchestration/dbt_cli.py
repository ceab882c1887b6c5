"""dagster-dbt's dbt CLI resource without the two probes it makes before every dbt command.

Before each ``dbt build`` `DbtCliResource` runs ``dbt --version`` in a child process, to learn
whether the executable is dbt Core or the Fusion engine, and opens a dbt adapter in this process,
which it only uses to fetch row counts or column metadata. Together they cost 3-4 s a partition
(about a fifth of a 2,000-user daily run). This project's executable is the dbt Core installed
beside this Python, whose version is known without a child process, and its assets fetch no
metadata through the adapter (they read the warehouse after the build; see ``run_metadata``).
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Any

from dagster_dbt import DbtCliResource
from packaging import version

from user_segmentation.orchestration.project import dbt_executable


class InstalledDbtCliResource(DbtCliResource):
    """`DbtCliResource` for the dbt Core beside this Python: no version probe, no adapter."""

    @cached_property
    def _cli_version(self) -> version.Version:
        if Path(self.dbt_executable) == Path(dbt_executable()):
            from dbt.version import __version__

            return version.parse(__version__)
        return super()._cli_version

    def _initialize_dbt_core_adapter(self, args: Any) -> None:
        return None
