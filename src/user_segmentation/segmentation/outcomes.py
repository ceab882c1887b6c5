"""Column names that say a column is an outcome: a label to compare segments on (churn, fraud, a
given segmentation) or a model's prediction of one, never a reason to form or name a segment."""

from __future__ import annotations

import re

#: Matched against feature names (lower case, words joined by ``_``).
OUTCOME_NAME = re.compile(
    r"(^|_)(fraud|churn|churned|exited|attrition|outcome|target|label|survived|segmentation"
    r"|prediction|predicted|classifier)(_|$)"
    r"|^(is_)?(response|converted|defaulted|default)$"
)
