"""Deliver a green build to its readers: published releases and per-user exports.

Parts:

- ``atomic_folders``: versioned folders behind a ``current`` link, swapped atomically.
- ``publish``: copy the marts of one run out of the build file into a read-only release.
- ``activation``: export every user's segment (and the changes since the last export).
- ``sql_text``: quoting of the paths and names that go into SQL text.
"""

from user_segmentation.serving.activation import ExportError, ExportResult, export_segments
from user_segmentation.serving.publish import (
    NothingPublishedError,
    PublishError,
    PublishResult,
    current_release,
    open_published,
    publish_marts,
)

__all__ = [
    "ExportError",
    "ExportResult",
    "NothingPublishedError",
    "PublishError",
    "PublishResult",
    "current_release",
    "export_segments",
    "open_published",
    "publish_marts",
]
