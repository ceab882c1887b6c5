"""User profiling and segmentation: the Python half of a dbt project on DuckDB."""

__version__ = "0.1.0"
