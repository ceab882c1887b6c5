"""The module ``dagster dev -m user_segmentation.orchestration.code_location`` loads.

Configured by environment variables; see `definitions_from_environment`.
"""

from user_segmentation.orchestration.definitions import definitions_from_environment

defs = definitions_from_environment()
