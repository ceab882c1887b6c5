"""Propose a starter `user_table` config for a profiled user table, with a reason per column.

:func:`~user_segmentation.tools.table_profile.profile_table` measures every column as the build
will read it (as text, parsed per value). :func:`propose_config` turns the profile into a
proposal, reading a messy table as a person would: the id is the column that identifies almost
every row (integer or text), a column numeric in almost every row is numeric, and the comment
says how many rows break it (the build quarantines those). Dates become days since `as_of_date`,
a birth year becomes age, and impossible values get a `range` rule that quarantines them.
:func:`render_config` writes the YAML a user edits and passes to
``dbt build --vars "$(cat config.yml)"``.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
from anyascii import anyascii

from user_segmentation.segmentation.outcomes import OUTCOME_NAME
from user_segmentation.segmentation.table_config import column_name
from user_segmentation.tools.csv_dialect import (
    ENCODING_NOTES,
    NAMED_COLUMNS_NOTE,
    NO_HEADER_NOTE,
    file_encoding,
)
from user_segmentation.tools.ordered_scales import first_spelling, non_answers, scale_order
from user_segmentation.tools.profile_sample import ProfiledRows
from user_segmentation.tools.redundant_features import profiled_only_columns
from user_segmentation.tools.table_profile import (
    BREAKING_SHARE,
    MAX_CATEGORIES,
    ColumnProfile,
    TableProfile,
    is_nested_type,
    profile_table,
)

__all__ = [
    "ColumnProfile",
    "Proposal",
    "TableProfile",
    "band_order",
    "label_for",
    "profile_table",
    "propose_config",
    "render_config",
    "scaffold",
]

MOSTLY_NULL_SHARE = 0.5
NEAR_UNIQUE_SHARE = 0.9
FREE_TEXT_LENGTH = 40
SKEWED = 1.0
OUTLIER_IQRS = 5.0
#: A survey's sampling weight (UCI Adult's fnlwgt, the American Community Survey's PWGTP and
#: WGTP, IPUMS' PERWT): how many people a row stands for, not something about them. Adult's
#: fnlwgt was clustered as a behaviour.
SURVEY_WEIGHT_NAME = re.compile(
    r"(?i)^(fnlwgt|finalwgt|perwt|hhwt|pwgtp|wgtp)$"
    r"|(sample|sampling|survey|final|design|person|household|expansion)[\s_-]?weights?$"
)
#: A measure that is one value (most often 0) for this share of the rows tells at most the rest
#: apart, and k-means gives those few a segment of their own: Adult's capital_loss, 0 for 95% of
#: people, made a 3% segment "High capital loss"; the online shoppers' SpecialDay, 0 for 89.7%,
#: two segments that were all its other 10%.
ONE_VALUE_SHARE = 0.85
BANDED_SHARE = 0.8
#: The oldest plausible age of a living customer: an older one is a typo (iFood's Year_Birth
#: 1893, 1899 and 1900, ages of 114 and more), quarantined by the range.
OLDEST_AGE = 110
#: The dbt var min_cell_size's default: segment cells smaller than this are not published.
MIN_CELL_SIZE = 10
#: `id`, `key`, `number` or `no` as a word (`customer_id`, `customerId`, `CustomerID`), not the
#: end of a word (humid, paid).
ID_NAME = re.compile(
    r"(?i:^id$|[\s_.-]id$|^id[\s_.-]|^key$|[\s_.-]key$|number$|[\s_.-]no$"
    # Other languages' numbers, also at the end of a compound: Kundennummer, Kundennr, numero
    # cliente, número de socio, klantnummer.
    r"|nummer$|[a-z]nr[.]?$|^(numero|número|num|nro)([\s_.-]|$))|[a-z0-9](Id|ID)$"
)
#: A table without a numeric column is clustered on its categories (one-hot), those with at most
#: this many values: more would each add as many near-empty columns to every distance.
MAX_CLUSTERED_CATEGORIES = 12
#: A numeric column named like this is an identifier, left out rather than clustered (narrower
#: than ID_NAME: a column ending in `number` may still be a measure).
MEASURE_IS_AN_ID_NAME = re.compile(
    r"(^|[\s_.-])(id|key|no|nr|nbr)$|^id[\s_.-]|[a-z]Id$|ID$"
    r"|(?i:nummer$|[a-z]nr[.]?$|^(numero|número|nro)([\s_.-]|$))"
)
#: A header that names the file's rows, not its users (the bank churn data's RowNumber beside its
#: CustomerId; an `index`, `S.No`): an id of the last resort, as unnamed row numbers are.
ROW_NUMBER_NAME = re.compile(
    r"(?i:^(row|line|index|idx|seq|obs|entry)[\s_.-]*(number|num|no|nr|id|index|idx)?$"
    r"|^(s|sr|sl)[\s_.-]*no[.]?$)"
)
#: A code written with digits (a postal code, a phone prefix): a place or a group, not a
#: measure, however numeric its values look.
CODE_NAME = re.compile(
    r"(?i:(^|[\s_.-])(zip|zipcode|zip_code|postal|postcode|post_code|plz|cep|pin_?code|area_?code"
    r"|fips|naics|sic)([\s_.-]|$)|postleitzahl|postalcode|zipcode)"
)
#: The last word of a header that names a kind of thing rather than an amount: whole numbers under
#: it are codes (UCI's Region 1-3, TrafficType 1-20, hotel bookings' agent 9, 240, ...), not
#: measures whose distances mean anything.
CATEGORY_NOUNS = frozenset(
    [
        "type",
        "types",
        "kind",
        "class",
        "category",
        "categories",
        "group",
        "segment",
        "cluster",
        "cohort",
        "channel",
        "region",
        "zone",
        "district",
        "state",
        "country",
        "city",
        "browser",
        "os",
        "system",
        "systems",
        "platform",
        "device",
        "agent",
        "agency",
        "company",
        "store",
        "branch",
        "department",
        "dept",
        "division",
        "source",
        "medium",
        "campaign",
        "brand",
        "model",
        "status",
        "language",
        "locale",
        "occupation",
        "industry",
        "sector",
        "team",
        "route",
        "carrier",
        "airline",
        "vendor",
        "supplier",
        "merchant",
        "code",
        "codes",
        "namespace",
        "genre",
    ]
)
#: Whole numbers of at most MAX_DEMOGRAPHIC_CODES values under these last words are codes of a
#: person's group (UCI credit default's EDUCATION 1-6 and MARRIAGE 1-3), not measures; with more
#: values (years of education) they stay measures.
DEMOGRAPHIC_NOUNS = frozenset(
    ["education", "marriage", "marital", "sex", "gender", "race", "ethnicity", "religion"]
)
MAX_DEMOGRAPHIC_CODES = 10
#: The name DuckDB gives a column under an empty header, where R's write.csv and pandas' to_csv
#: write their row names (1, 2, 3, ... or 0, 1, 2, ...), and pandas' name for it once read again.
# The config comment of a table without an id column.
ROW_IDS_NOTE = (
    "each row is one user, numbered by its position in the file; the numbers change when the "
    "rows are reordered, so segment history and exports only match across runs of the same file"
)
UNNAMED_COLUMN = re.compile(r"^(column\d+|Unnamed: \d+)$")
BIRTH_YEAR_NAME = re.compile(
    r"(birth.?year|year.?(of.?)?birth|^yob$|birth_?yr|geburtsjahr|jahrgang|ann[ée]e.?(de.?)?naissance"
    r"|a[ñn]o.?(de.?)?nacimiento|anno.?(di.?)?nascita|ano.?(de.?)?nascimento)",
    re.IGNORECASE,
)
#: A date of birth: days since it are an age, and it never sets as_of_date.
BIRTH_DATE_NAME = re.compile(
    r"(birth|^dob$|(^|[\s_.-])born([\s_.-]|$)|geburt|naissance|nacimiento|nascita|nascimento)",
    re.IGNORECASE,
)
COUNT_NAME = re.compile(
    r"(count|^num|^n_|number_of|orders|visits|tickets|purchases|sessions|items|kids|children|"
    r"quantity|qty)",
    re.IGNORECASE,
)
#: A header that measures a time span (IBM HR's YearsAtCompany): a measure even when its last word
#: names a kind of thing.
DURATION_NAME = re.compile(r"(years|months|weeks|days|hours|minutes|(^|_)yrs)", re.IGNORECASE)
NUMBER = r"\$?\d+(?:[.,]\d+)*\s*[kKmM]?"
#: A unit a band may name (Lending Club's emp_length: "< 1 year", "2 years", "10+ years").
BAND_UNIT = r"(?:years?|yrs?|months?|weeks?|days?|hours?|hrs?)"
BAND = re.compile(
    rf"^\s*(?:[<>]=?|≤|≥|under|over|below|above|less than|fewer than|up to|more than|at least)?"
    rf"\s*{NUMBER}"
    rf"\s*(?:(?:-|–|to)\s*{NUMBER})?\s*(?:\+|plus)?\s*{BAND_UNIT}?\s*(?:\+|plus|or more)?\s*$",
    re.IGNORECASE,
)


@dataclass
class Proposal:
    """A starter config: the proposed role of every column with the reason."""

    path: str
    delimiter: str | None
    rows: int
    id_column: str | None
    id_reason: str
    numeric: list[tuple[dict[str, Any], str]]
    categorical: list[tuple[dict[str, Any], str]]
    left_out: list[tuple[str, str]]
    #: The file's rows and how many were profiled (tools.profile_sample).
    profiled_rows: ProfiledRows
    id_type: str | None = None
    as_of_date: str | None = None
    as_of_reason: str = ""
    header: bool = True
    column_names: list[str] | None = None

    def user_table(self) -> dict[str, Any]:
        """The proposal as the `user_table` var (without the reasons)."""
        table: dict[str, Any] = {"path": self.path}
        if encoding := file_encoding(self.path):
            table["encoding"] = encoding
        if self.delimiter and self.delimiter != ",":
            table["delimiter"] = self.delimiter
        if not self.header:
            table["header"] = False
        if self.column_names:
            table["column_names"] = self.column_names
        table["id_column"] = self.id_column
        if self.id_column is None:
            table["row_ids"] = True
        if self.id_type:
            table["id_type"] = self.id_type
        table["numeric_features"] = [item for item, _ in self.numeric]
        table["categorical_features"] = [item for item, _ in self.categorical]
        return table


#: Where a word in lower case meets an abbreviation that ends the header or a word (StreamingTV,
#: totalGB, customerID): a word boundary in names and labels alike.
ABBREVIATION_AFTER_A_WORD = r"(?<=[a-z])(?=[A-Z]{2,}(?![a-z]))"


def feature_name(column: str) -> str:
    """The snake_case name a feature gets in the marts, with CamelCase headers split into words:
    ``MonthlyCharges`` -> ``monthly_charges``, ``SeniorCitizen`` -> ``senior_citizen``,
    ``HTTPStatus`` -> ``http_status`` and ``StreamingTV`` -> ``streaming_tv`` (Telco's; it was
    ``streamingtv``), ``customerID`` -> ``customer_id``; ``PhD`` stays one word. Letters
    outside a-z are spelled in ASCII first: ``Größe`` -> ``grosse``, ``Возраст`` -> ``vozrast``
    (without, they became ``_``: ``gr_e``, and every Cyrillic header the same invalid ``f_``)."""
    words = re.sub(
        rf"(?<=[a-z0-9])(?=[A-Z][a-z])|(?<=[A-Z])(?=[A-Z][a-z])|{ABBREVIATION_AFTER_A_WORD}",
        "_",
        anyascii(column),
    )
    return column_name(words)


#: The values of a column that says which split of a dataset a row was put in (Instacart's
#: eval_set: prior, train, test): a fact about how the data was shared, not about the user.
DATASET_SPLIT_VALUES = frozenset(
    ["train", "training", "test", "testing", "valid", "validation", "val", "dev", "holdout",
     "eval", "evaluation", "prior"]
)  # fmt: skip


DATASET_SPLIT_NOTE = "a split of the dataset (train, test), not about the user"


def is_dataset_split(values: list) -> bool:
    """Whether every value names a split of a dataset, with a train or a test among them."""
    words = {str(value).strip().lower() for value in values}
    return len(words) >= 2 and words <= DATASET_SPLIT_VALUES and bool(words & {"train", "test"})


def named_like_a_category(column: str) -> bool:
    """Whether a header's last word names a kind of thing (``TrafficType``, ``Region``,
    ``agent``) and no word counts something (``num_devices``, ``store_visits``) or measures a
    time span (``YearsAtCompany``)."""
    words = feature_name(column).rstrip("_").split("_")
    return (
        words[-1] in CATEGORY_NOUNS
        and not COUNT_NAME.search(column)
        and not DURATION_NAME.search(column)
    )


#: Upper-case words that stay upper case in a label made from an all-capitals header.
ACRONYMS = frozenset(
    [
        "ARPU",
        "ARR",
        "ATM",
        "BMI",
        "CEO",
        "EUR",
        "GBP",
        "GDP",
        "GPS",
        "KPI",
        "POS",
        "SKU",
        "SMS",
        "URL",
        "USD",
        "VIP",
    ]
)


def label_for(column: str) -> str:
    """A readable label from a header: ``monthly_spend`` -> ``Monthly spend``,
    ``MPG.city`` -> ``MPG city``, ``yrs.since.PhD`` -> ``Yrs since PhD``; an all-capitals header
    is not shouted: ``CASH_ADVANCE_TRX`` -> ``Cash advance TRX`` (abbreviations, words without a
    vowel, stay upper case), so segments read "high cash advance", not "high CASH ADVANCE". A
    unit in parentheses at the end stays as written: ``energy(kWh/hh)`` -> ``Energy (kWh/hh)``
    (names then leave it out, see naming.without_units), not ``Energy(k Wh/hh)``."""
    head, unit = re.fullmatch(r"(.*?)\s*(\([^()]*\))?\s*", column).groups()
    if unit and head.strip(" _."):
        return f"{label_for(head)} {unit}"
    text = re.sub(r"[_.]+", " ", column).strip()
    text = re.sub(rf"(?<=[a-z])(?=[A-Z][a-z])|{ABBREVIATION_AFTER_A_WORD}", " ", text)
    if _is_all_capitals(text):
        words = [word if _stays_upper(word) else word.lower() for word in text.split()]
    else:
        words = [
            word.lower() if word.islower() or word.istitle() else word for word in text.split()
        ]
    label = " ".join(words)
    return label[:1].upper() + label[1:]


def _is_all_capitals(text: str) -> bool:
    """A header in capitals with a word of 4 letters or more that is no abbreviation."""
    return text.isupper() and any(
        word.isalpha() and len(word) >= 4 and word not in ACRONYMS for word in text.split()
    )


def _stays_upper(word: str) -> bool:
    return (
        not word.isalpha()  # Q7, 3D
        or len(word) <= 2  # ID, OS
        or word in ACRONYMS
        or not re.search("[AEIOU]", word)  # TRX, PRC, CTR, NPS
    )


#: Values of a banded column that are no band, put after the bands (BankChurners' income bands
#: and their Unknown).
UNBANDED_VALUES = frozenset({"unknown", "other", "none", "not known", "not stated"})


def band_order(values: list[str]) -> list[str] | None:
    """The values in band order when most look like numeric bands ('<10k', '20-30', '65+',
    'Less than $40K'), with values that answer no band (Unknown, Don't know) last."""
    no_band = set(non_answers(values))
    unbanded = [v for v in values if v.strip().lower() in UNBANDED_VALUES or v in no_band]
    values = [v for v in values if v not in unbanded]
    if len(values) < 2:
        return None
    banded = [v for v in values if BAND.match(v)]
    if len(banded) < BANDED_SHARE * len(values):
        return None

    def key(value: str) -> tuple[float, float, str]:
        match = re.search(r"(\d+(?:[.,]\d+)*)\s*([kKmM]?)", value)
        if not match:
            return (math.inf, math.inf, value)
        digits = match.group(1)
        if re.fullmatch(r"\d{1,3}(?:,\d{3})+", digits):
            digits = digits.replace(",", "")  # thousands separators
        try:
            number = float(digits.replace(",", "."))
        except ValueError:  # a version such as 3.1.9: sorted by its parts
            parts = tuple(float(part) for part in re.split("[.,]", digits))
            minor = sum(part / 1000 ** (i + 1) for i, part in enumerate(parts[1:]))
            return (parts[0], minor, value)
        number *= {"k": 1e3, "m": 1e6}.get(match.group(2).lower(), 1)
        lower = r"^\s*(<|≤|under|below|less than|fewer than|up to)"
        below = -0.5 if re.match(lower, value, re.IGNORECASE) else 0.0
        upper = r"(\+|plus|or more)\s*$"
        above = (
            0.5
            if re.search(upper, value, re.IGNORECASE)
            or re.match(r"^\s*(>|≥|over|above|more than|at least)", value, re.IGNORECASE)
            else 0.0
        )
        return (number + below + above, 0.0, value)

    return sorted(values, key=key) + unbanded


#: A column that names who a row belongs to (user_id, CustomerID, "Customer ID", member_no, the
#: diabetes data's patient_nbr); not a column about them (Dt_Customer, customer_since).
USER_KEY_NAME = re.compile(
    r"^(id[\s_-]*)?"  # OULAD's id_student
    r"(user|customer|client|account|member|visitor|person|patient|subscriber|player|student"
    r"|employee|guest|donor|shopper|household|device|driver|participant|respondent|patron)"
    r"([\s_-]*(id|key|no|nr|nbr|uuid|number))?$",
    re.IGNORECASE,
)


#: Who acted, in logs of posts, messages, reviews and card payments (Reddit's author, fraud data's
#: cc_num): a user when it repeats over more values than a category has.
ACTOR_NAME = re.compile(
    r"^(author|sender|poster|commenter|reviewer|rider|listener|viewer|buyer|card[\s_-]?holder"
    r"|card|cc)([\s_-]*(id|key|no|nr|num|number|uuid|name))?$",
    re.IGNORECASE,
)
#: A place (Olist's customer_city) or the other party of a payment (PaySim's nameDest, a
#: merchant): whoever the rows belong to, not these, even when their values look like keys.
NOT_THE_USER_NAME = re.compile(
    r"(city|town|state|province|region|country|zip|postcode|postal|dest|destination|recipient"
    r"|receiver|payee|beneficiary|merchant|counterparty)([\s_-]*(id|key|no|nr|code|name))?$",
    re.IGNORECASE,
)
#: An opaque key has at least this many characters (KKBox's msno: 44, PaySim's C1231006815).
TOKEN_LENGTH = 5


#: A column named as a user's key with at most this many distinct values per row repeats too
#: often to be a table's id (one is at most 2% repeats): the rows are visits of users (the
#: diabetes data: 70 patients per 100 encounters were segmented as 100 "users").
NAMED_KEY_SHARE = 0.9


def looks_like_a_token_id(values: list[str]) -> bool:
    """Whether a text column's most frequent values are opaque keys: no spaces, at least
    TOKEN_LENGTH characters, with a digit or at least 16 characters (base64, hex, C1231006815),
    rather than words (a category) or prose."""
    return bool(values) and all(
        len(value) >= TOKEN_LENGTH
        and not any(character.isspace() for character in value)
        and (any(character.isdigit() for character in value) or len(value) >= 16)
        for value in values
    )


def repeating_user_column(profile: TableProfile) -> ColumnProfile | None:
    """A text or whole-number column named as a user's key whose values repeat (2+ rows per
    value on average: an order or event file without a usable timestamp), else None: one named
    like a user (customer_id), else like who acted (author, cc_num) over more than
    MAX_CATEGORIES values, else the first text column of opaque keys that repeat (PaySim's
    nameOrig), the whole file being rows of what users did. A file without a header row names no
    column: there its first column counts (logs put who acted first: Steam's user behaviour
    file, 32,403 rows of 3,000 users, became 32,403 "users") when it has as many values as
    users have, at least the square root of the rows (UCI Adult's first column, 73 ages over
    32,561 people, made a log of 73 "users")."""

    def repeats(column: ColumnProfile, fewest: int, most_share: float = 0.5) -> bool:
        return (
            not column.is_date
            and (column.is_integer or not column.is_numeric)
            and fewest < column.distinct <= most_share * (column.rows - column.nulls)
        )

    named = (
        column
        for position, column in enumerate(profile.columns)
        if (USER_KEY_NAME.match(column.column.strip()) and repeats(column, 2, NAMED_KEY_SHARE))
        or (
            not position
            and not profile.named
            and repeats(column, 2)
            and column.distinct >= math.sqrt(column.rows - column.nulls)
        )
    )
    actors = (
        column
        for column in profile.columns
        if ACTOR_NAME.match(column.column.strip()) and repeats(column, MAX_CATEGORIES)
    )
    tokens = (
        column
        for column in profile.columns
        if not column.is_numeric
        and not NOT_THE_USER_NAME.search(column.column.strip())
        and looks_like_a_token_id(column.values)
        and repeats(column, MAX_CATEGORIES)
    )
    return next(named, None) or next(actors, None) or next(tokens, None)


def share_text(share: float) -> str:
    """A share as a percentage that does not round a few rows away: 0.16% stays 0.2%, not 0%,
    and one row in 8,950 is "under 0.1%", not 0.0%."""
    if 0 < share < 0.0005:
        return "under 0.1%"
    return f"{share:.1%}" if 0 < share < 0.01 else f"{share:.0%}"


def row_count_text(count: int) -> str:
    return f"{count} row{'' if count == 1 else 's'}"


def _id_choice(profile: TableProfile) -> tuple[ColumnProfile | None, str | None, str]:
    """The column that identifies almost every row, its id type and the reason.

    A candidate has at most 2% of rows missing or repeating its value (those rows are
    quarantined) and short values; named like an id beats whole numbers counting up like ids,
    which beat short text, which beats other whole numbers (only when no value repeats). Whole
    numbers without leading zeros are integer ids, anything else (UUIDs, codes like C-00017) text.
    """
    tolerated = BREAKING_SHARE * profile.rows
    candidates = []
    for column in profile.columns:
        integer = column.is_integer and not column.has_leading_zeros
        zero_padded = column.is_integer and column.has_leading_zeros
        short_text = not column.is_numeric and (column.mean_length or 0) <= FREE_TEXT_LENGTH
        if column.is_date or not (integer or zero_padded or short_text):
            continue
        breaking = column.nulls + column.repeated + (column.unparseable if integer else 0)
        if profile.rows == 0 or breaking > tolerated or column.distinct < 2:
            continue
        names_rows = bool(ROW_NUMBER_NAME.match(column.column.strip()))
        named = bool(ID_NAME.search(column.column)) and not names_rows
        if integer and column.whole_decimals and not named:
            continue
        # Unnamed whole numbers rank above text only when they count up like ids (1, 2, 3, ...):
        # a unique measure (a country's population) is not the key its name column is. The
        # file's row numbers come last: they name rows, not users, and change with the order.
        if _is_row_number(column, profile.rows):
            kind_rank = 3
        elif names_rows:
            # Below every named id, above a unique measure (a credit score).
            kind_rank = 0 if _looks_like_a_sequence(column, profile.rows) else 3
        elif integer:
            kind_rank = 0 if _looks_like_a_sequence(column, profile.rows) else 2
        else:
            kind_rank = 1
        if kind_rank == 2 and not named and breaking:
            # Other whole numbers with a few values repeated are a measure (a state's product
            # per year in a panel), not an id whose repeats are bad rows.
            continue
        candidates.append(((not named, kind_rank, breaking), column, integer, named, breaking))
    if not candidates:
        return None, None, "no column identifies almost every row"
    _, column, integer, named, breaking = min(candidates, key=lambda candidate: candidate[0])
    distinct = column.distinct_in_file or column.distinct
    parts = [f"{'integer' if integer else 'text'} id, {distinct} distinct values"]
    if named:
        parts.append("named like an id")
    if _is_row_number(column, profile.rows):
        parts.append(
            "the file's row numbers (an unnamed first column, as R and pandas write them): "
            "no other column identifies the rows; they stay ids only while the rows keep "
            "their order"
        )
    elif ROW_NUMBER_NAME.match(column.column.strip()):
        parts.append(
            "named like the file's row numbers: no other column identifies the rows; they "
            "stay ids only while the rows keep their order"
        )
    if breaking:
        malformed = (
            f", {column.unparseable} not whole numbers" if integer and column.unparseable else ""
        )
        parts.append(
            f"{row_count_text(breaking)} break it ({column.nulls} missing, "
            f"{column.repeated} repeated{malformed}): quarantined"
        )
    else:
        parts.append("unique, no nulls")
    return column, "integer" if integer else "text", ", ".join(parts)


def _breaking_note(profile: ColumnProfile, what: str) -> str | None:
    if not profile.unparseable:
        return None
    return f"{row_count_text(profile.unparseable)} not {what}: quarantined (non_numeric_value)"


def _numeric_choice(profile: ColumnProfile) -> tuple[dict[str, Any], str]:
    item: dict[str, Any] = {
        "column": profile.column,
        "name": feature_name(profile.column),
        "label": label_for(profile.column),
    }
    kind = "whole numbers" if profile.is_integer else "numbers"
    reasons = [f"numeric ({kind}), {profile.distinct} distinct values"]
    if profile.number_format:
        item["number_format"] = profile.number_format
        reasons[0] += (
            " written with currency signs, % or thousands commas (number_format grouped: "
            "$1,234.56 is 1234.56)"
            if profile.number_format == "grouped"
            else " written the European way (number_format decimal_comma: 1.234,56 is 1234.56, "
            "25.000 is 25000)"
        )
    note = _breaking_note(profile, "a number")
    if note:
        reasons.append(note.replace("quarantined", "those rows are quarantined"))
    skewness = profile.skewness or 0.0
    iqr = (profile.q75 or 0.0) - (profile.q25 or 0.0)
    outliers = iqr > 0 and (
        (profile.maximum or 0.0) > (profile.q75 or 0.0) + OUTLIER_IQRS * iqr
        or (profile.minimum or 0.0) < (profile.q25 or 0.0) - OUTLIER_IQRS * iqr
    )
    if skewness > SKEWED and (profile.minimum or 0.0) >= 0:
        item["transform"] = "log1p"
        reasons.append(f"right-skewed (skewness {skewness:.1f}) and never negative: log1p")
    else:
        item["transform"] = "none"
        reasons.append(f"skewness {skewness:.1f}")
    value_range = _count_range(profile)
    if value_range:
        item["range"], why = value_range
        reasons.append(why)
    if outliers:
        item["winsorize"] = [0.01, 0.99]
        reasons.append(
            f"outliers (range {profile.minimum:g} to {profile.maximum:g}, middle half "
            f"{profile.q25:g} to {profile.q75:g}): clipped to the 1st-99th percentile"
        )
    if profile.missing_codes:
        _read_missing_code_as_missing(profile, item, reasons)
    elif profile.nulls:
        item["missing"] = "median"
        reasons.append(f"{share_text(profile.null_share)} missing: filled with the median")
    return item, "; ".join(reasons)


def _read_missing_code_as_missing(
    profile: ColumnProfile, item: dict[str, Any], reasons: list[str]
) -> None:
    """missing_values: [codes] and the median fill; not clustered when codes are most rows."""
    codes = [int(code) if code.is_integer() else code for code in profile.missing_codes]
    coded_share = profile.coded_rows / max(profile.rows, 1)
    item["missing_values"] = codes
    # The bank data's pdays -1 is never contacted: the median (238 days) made those clients look
    # contacted eight months ago, and the segment of never-contacted ones flat on the feature.
    never = bool(RECENCY_NAME.search(profile.column))
    item["missing"] = "max" if never else "median"
    written = " and ".join(f"{code:g}" for code in codes)
    reasons.append(
        f"{written} in {share_text(coded_share)} of rows, apart from every other value: "
        f"{'codes' if len(codes) > 1 else 'a code'} for "
        + (
            "never, read as missing (missing_values) and filled with the longest time (max)"
            if never
            else "unknown, read as missing (missing_values) and filled with the median"
        )
        + (f" with the {profile.null_share:.0%} empty" if profile.nulls else "")
    )
    if coded_share > 0.5:
        item["cluster"] = False
        reasons.append("mostly unknown: profiled, not clustered")


def _count_range(profile: ColumnProfile) -> tuple[list, str] | None:
    """``range: [0, null]`` for whole numbers named like a count and negative in at most 1% of
    rows (a count below zero is impossible, so those rows are quarantined). Only the name makes a
    count: an altitude or a balance is mostly positive too, and its negatives are real."""
    if not profile.is_integer or not COUNT_NAME.search(profile.column):
        return None
    present = profile.rows - profile.nulls
    if profile.negatives > 0.01 * present:
        return None
    why = "a count below 0 is impossible: range [0, null]"
    if profile.negatives:
        why += f" quarantines the {row_count_text(profile.negatives)} below 0"
    return [0, None], why


def _birth_year_choice(profile: ColumnProfile, as_of_year: int) -> tuple[dict[str, Any], str]:
    oldest_age = OLDEST_AGE
    impossible = profile.minimum is not None and profile.minimum < as_of_year - OLDEST_AGE
    item = {
        "column": profile.column,
        "name": "age" if feature_name(profile.column) != "age" else "age_from_birth_year",
        "label": "Age",
        "unit": "years",
        "derive": "age_from_birth_year",
        "transform": "none",
        "range": [0, oldest_age],
    }
    reasons = [
        f"a birth year ({profile.minimum:g} to {profile.maximum:g}): clustered as the age reached "
        "in the year of as_of_date",
        f"range [0, {oldest_age}]: born before {as_of_year - oldest_age} or after as_of_date is "
        "impossible for a living customer"
        + (" (some rows are: quarantined)" if impossible else ""),
    ]
    note = _breaking_note(profile, "a year")
    if note:
        reasons.append(note)
    if profile.nulls:
        item["missing"] = "median"
        reasons.append(f"{share_text(profile.null_share)} missing: filled with the median")
    return item, "; ".join(reasons)


def _date_choice(profile: ColumnProfile) -> tuple[dict[str, Any], str]:
    label = label_for(profile.column)
    born = bool(BIRTH_DATE_NAME.search(profile.column))
    item = {
        "column": profile.column,
        "name": "age" if born else f"days_since_{feature_name(profile.column)}",
        "label": "Age" if born else f"Days since {label[:1].lower()}{label[1:]}",
        "unit": "years" if born else "days",
        # An age in years: "age in days 5272 (0.5x the average)" named a segment.
        "derive": "years_since" if born else "days_since",
        "transform": "none",
        "range": [0, OLDEST_AGE] if born else [0, None],
    }
    if profile.timestamp_format:
        item["format"] = profile.timestamp_format
    if not born:
        item["high_phrase"], item["low_phrase"] = _days_since_phrases(label)
    reasons = [
        "a date"
        + (f" written as {profile.timestamp_format}" if profile.timestamp_format else "")
        + profile.timestamp_note
        + (
            ": a date of birth, clustered as the age in years at as_of_date"
            if born
            else ": clustered as days since it at as_of_date (e.g. tenure)"
        ),
        f"range [0, {OLDEST_AGE}]: born after as_of_date or more than {OLDEST_AGE} years "
        "before it is impossible for a living customer"
        if born
        else "range [0, null]: a date after as_of_date lies in the future",
    ]
    if profile.unparseable:
        reasons.append(
            f"{row_count_text(profile.unparseable)} not a date: quarantined (unparseable_date)"
        )
    if profile.nulls and not born and LAST_TIME_NAME.search(label):
        # A blank last-login date is a user who never logged in, not one of typical recency.
        item["missing"] = "max"
        reasons.append(
            f"{share_text(profile.null_share)} missing: never, so filled with the longest time "
            "since (max), as the most lapsed users"
        )
    elif profile.nulls:
        item["missing"] = "median"
        reasons.append(f"{share_text(profile.null_share)} missing: filled with the median")
    if not born and SUBMISSION_NAME.search(feature_name(profile.column)):
        item["cluster"] = False
        reasons.append(
            "profiled, not clustered: when the row was submitted or recorded (a survey tool's "
            "timestamp), not something about the person"
        )
    return item, "; ".join(reasons)


#: A number of days since something last happened (the bank data's pdays, days_since_last_order):
#: a code for unknown there means it never happened.
RECENCY_NAME = re.compile(
    r"(?i)(^pdays$|days?[\s_.-]*since|since[\s_.-]*(last|prev)|recency"
    r"|(last|prev|previous)[\s_.-]*(contact|visit|purchase|login|order|seen))"
)
#: The time a row was filled in (Google Forms' Timestamp, Qualtrics' RecordedDate, Typeform's
#: Submit Date): when someone answered, not who they are.
SUBMISSION_NAME = re.compile(r"submit|submission|recorded|response_date|^timestamp$")
#: A date of the last time something happened (last_login, last_purchase_date), and of the start
#: of the relationship (signup_date, Dt_Customer, customer_since).
LAST_TIME_NAME = re.compile(r"(?i)(last|latest|recent|previous|most[\s_-]?recent)")
START_TIME_NAME = re.compile(
    r"(?i)(sign[\s_-]?up|regist|created|joined|join[\s_-]?date|since|first|start|opened|enrol"
    r"|onboard|dt[\s_-]?customer|member[\s_-]?since|became[\s_-]?member|acquired|activation)"
)


def _days_since_phrases(label: str) -> tuple[str, str]:
    """The high and low name phrases of days since a date: a recency reads lapsing / recently
    active, a tenure long-standing / newcomers, any other date "<date> long ago" / "recent
    <date>" (the default "low days since signup date" read as no English)."""
    if LAST_TIME_NAME.search(label):
        return "lapsing", "recently active"
    if START_TIME_NAME.search(label):
        return "long-standing", "newcomers"
    thing = label[:1].lower() + label[1:]
    return f"{thing} long ago", f"recent {thing}"


def _looks_like_a_sequence(profile: ColumnProfile, rows: int) -> bool:
    """Near-unique whole numbers that fill their range (1, 2, 3, ...): a row number or an id, not
    a measure such as a salary, whose distinct values are spread far apart."""
    if not profile.is_integer or profile.distinct < NEAR_UNIQUE_SHARE * rows:
        return False
    if profile.minimum is None or profile.maximum is None:
        return False
    return profile.maximum - profile.minimum + 1 <= 2 * profile.distinct


def _is_row_number(profile: ColumnProfile, rows: int) -> bool:
    """An unnamed column of consecutive whole numbers: the row names R and pandas write."""
    return bool(UNNAMED_COLUMN.match(profile.column)) and _looks_like_a_sequence(profile, rows)


#: The part of a date a column holds when a date is split over columns (hotel bookings'
#: arrival_date_year, arrival_date_month, arrival_date_week_number, arrival_date_day_of_month).
DATE_PART_SUFFIX = re.compile(
    r"(?i)^(.*?)[\s_.-]*(year|month|week|week[\s_.-]*(number|no|nr)|day|day[\s_.-]*of[\s_.-]*"
    r"(week|month|year)|weekday|quarter|hour)$"
)


def _split_date_parts(columns: list[ColumnProfile]) -> dict[str, str]:
    """The columns holding parts of one date split over two or more columns with the same prefix
    (arrival_date_year and arrival_date_month), each with the family's columns. The year alone
    was clustered as a measure ("1.0x the average") and the month name profiled as a category."""
    families: dict[str, list[str]] = {}
    for column in columns:
        match = DATE_PART_SUFFIX.match(column.column.strip())
        # Parts without a prefix are one date's too (bank marketing's day and month).
        if match:
            families.setdefault(match.group(1).lower(), []).append(column.column)
    return {
        column: ", ".join(family)
        for family in families.values()
        if len(family) >= 2
        for column in family
    }


#: A whole-number column named like a kind of thing with more values than this can be a count.
COUNT_SHAPED_DISTINCT = 10


def _tallies_like_a_count(profile: ColumnProfile) -> bool:
    """Whether whole numbers named like a kind of thing are spread as a count is: from 0 or 1,
    the lowest value the most common (a quarter of the rows or more), a long right tail of many
    values. Bank marketing's ``campaign`` (contacts in this campaign: 1 in 39% of the rows, up to
    63) was profiled as a code; a code's values (TrafficType, an agent's number) are not
    commonest at the lowest."""
    return (
        profile.distinct > COUNT_SHAPED_DISTINCT
        and profile.minimum in (0, 1)
        and profile.q25 == profile.minimum
        and (profile.skewness or 0.0) > 1.0
    )


def _is_birth_year(profile: ColumnProfile) -> bool:
    return (
        profile.is_integer
        and bool(BIRTH_YEAR_NAME.search(profile.column))
        and profile.q25 is not None
        and 1800 <= profile.q25 <= profile.q75 <= 2100
    )


def _as_of(profile: TableProfile, today: date | None) -> tuple[str, str]:
    # The youngest person's birthday is no "now": birth dates do not count.
    dates = [
        c.newest_date
        for c in profile.columns
        if c.is_date and c.newest_date and not BIRTH_DATE_NAME.search(c.column)
    ]
    newest = max(dates, default=None)
    if newest:
        return newest, "the newest date in the table: days since are counted to it"
    today = today or date.today()
    return today.isoformat(), "the day the scaffold ran: ages are reached in its year"


def _case_variants(spellings: dict[str, str]) -> list[str]:
    """The first spellings that differ only in case, as written."""
    by_value: dict[str, list[str]] = {}
    for written, folded in spellings.items():
        by_value.setdefault(folded, []).append(written)
    return next(written for written in by_value.values() if len(written) > 1)[:3]


def _scale_choice(column: ColumnProfile, scale: list[str]) -> tuple[dict[str, Any], str]:
    """Answers on a scale as the number they stand for: their rank in the scale's order."""
    item = {
        "column": column.column,
        "name": feature_name(column.column),
        "label": label_for(column.column),
        "derive": "rank",
        "order": scale,
    }
    reason = (
        f"answers on a scale: clustered as their rank, 1 ({first_spelling(scale[0])}) to "
        f"{len(scale)} ({first_spelling(scale[-1])})"
    )
    off_scale = non_answers(column.values)
    if off_scale:
        item["missing_values"] = off_scale
        reason += f"; {', '.join(off_scale)}: missing, filled with the median"
    if column.nulls:
        reason += f", {share_text(column.null_share)} missing (filled with the median)"
    return item, reason


def outcomes_profiled(
    items: list[tuple[dict[str, Any], str]], words_of=lambda item: [item["name"]]
) -> list[tuple[dict[str, Any], str]]:
    """The features named as an outcome or a model's output (any of ``words_of(item)``), profiled
    only: BankChurners' Naive_Bayes_Classifier_Attrition_Flag_..._1 (a classifier's probability
    of the churn label) was clustered and split the customers into churners and not, ARI 0.34
    against 0.95 without; a card log's is_fraud share fitted the segments to the label."""
    result = []
    for item, reason in items:
        if item.get("cluster", True) and any(OUTCOME_NAME.search(w) for w in words_of(item)):
            item = {**item, "cluster": False}
            reason += (
                "; profiled, not clustered: named as an outcome or a model's prediction of one "
                "(a label to compare the segments on, not to form them by)"
            )
        result.append((item, reason))
    return result


def _weights_and_one_value_profiled(
    profile: TableProfile, numeric: list[tuple[dict[str, Any], str]]
) -> list[tuple[dict[str, Any], str]]:
    """The numeric features that are a survey's sampling weight (SURVEY_WEIGHT_NAME), or one
    value in ONE_VALUE_SHARE of the profiled rows, profiled only."""
    values = profile.numeric_values if profile.numeric_values is not None else pd.DataFrame()
    result = []
    for item, reason in numeric:
        column = item["column"]
        why = None
        if SURVEY_WEIGHT_NAME.search(column.strip()):
            why = "a survey's sampling weight: how many people the row stands for, not a trait"
        elif column in values and values[column].notna().any():
            present = values[column].dropna()
            top, share = present.mode().iloc[0], present.value_counts(normalize=True).iloc[0]
            if share >= ONE_VALUE_SHARE:
                why = (
                    f"{share:.0%} of the rows have the value {top:g}: it tells at most the other "
                    f"{1 - share:.0%} apart, which k-means would give a segment of their own"
                )
        if why and item.get("cluster", True):
            item = {**item, "cluster": False}
            reason += f"; profiled, not clustered: {why}"
        result.append((item, reason))
    return result


def _clustered_categories(
    categorical: list[tuple[dict[str, Any], str]], profile: TableProfile
) -> list[tuple[dict[str, Any], str]]:
    """The categories of a table with no numeric feature to cluster on (a survey of answers, a
    customer table of yes/no services), set to cluster one-hot: each with at most
    MAX_CLUSTERED_CATEGORIES values that is not named as an outcome (churn is compared across
    the segments, not used to form them)."""
    distinct = {column.column: column.distinct for column in profile.columns}
    result = []
    for item, reason in categorical:
        if distinct[item["column"]] > MAX_CLUSTERED_CATEGORIES:
            reason += f"; not clustered: more than {MAX_CLUSTERED_CATEGORIES} values"
        elif OUTCOME_NAME.search(item["name"]):
            reason += "; not clustered: named as an outcome, to compare the segments on"
        else:
            item = {**item, "cluster": True}
            reason = (
                reason.removesuffix("; profiled per segment, not clustered")
                + "; clustered one-hot: the table has no numeric column to cluster on"
            )
        result.append((item, reason))
    return result


def propose_config(profile: TableProfile, today: date | None = None) -> Proposal:
    """Decide a role for every column of a profiled table, with the reason.

    Rules, in order: the id is the column that identifies almost every row (at most 2% missing
    or repeated: those rows are quarantined), preferring a name that looks like an id, then whole
    numbers, then short text; mostly null (> 50%) or constant columns are left out; other
    near-unique integer columns look like ids and are left out; numbers with two values are
    categorical flags; a birth year becomes age and a date days since `as_of_date`, each with
    a `range` of possible values; other numbers are features (log1p when right-skewed and
    non-negative, winsorized when values lie beyond 5 interquartile ranges, `range: [0, null]`
    for counts); a column is numeric when at most 2% of its values are not (those rows are
    quarantined); text with long values or nearly one value per row is free text or an
    identifier and is left out; text with more than 30 values is left out as high-cardinality;
    other text is categorical, ordered when its values look like numeric bands.

    Parameters
    ----------
    profile : TableProfile
        What :func:`profile_table` measured.
    today : datetime.date, optional
        The as_of_date proposed when the table has no date column (default: today).
    """
    rows = profile.rows
    left_out, numeric, categorical = [], [], []
    chosen, id_type, id_reason = _id_choice(profile)
    id_column = chosen.column if chosen else None
    needs_as_of = False
    as_of_date, as_of_reason = _as_of(profile, today)
    split_dates = _split_date_parts(profile.columns)
    for column in profile.columns:
        if column.column == id_column:
            continue
        if column.column in split_dates and not _is_birth_year(column):
            left_out.append(
                (
                    column.column,
                    f"a part of a date split over columns ({split_dates[column.column]}): not a "
                    "measure or a category; join the parts into one date column to use days "
                    "since it",
                )
            )
        elif is_nested_type(column.data_type):
            left_out.append(
                (column.column, f"nested ({column.data_type}): flatten it into columns to use it")
            )
        elif column.null_share > MOSTLY_NULL_SHARE:
            missing = share_text(column.null_share)
            left_out.append((column.column, f"mostly null ({missing} missing)"))
        elif column.distinct <= 1:
            left_out.append((column.column, "constant (one value): says nothing about anyone"))
        elif column.is_date:
            numeric.append(_date_choice(column))
            needs_as_of = True
        elif column.is_numeric and (
            (column.is_integer and column.has_leading_zeros)
            or CODE_NAME.search(column.column)
            or (
                column.is_integer and named_like_a_category(column.column)
                and not _tallies_like_a_count(column)
            )
            or (
                column.is_integer and column.distinct <= MAX_DEMOGRAPHIC_CODES
                and feature_name(column.column).rstrip("_").split("_")[-1] in DEMOGRAPHIC_NOUNS
            )
        ):  # fmt: skip
            if column.has_leading_zeros:
                why = "written with leading zeros"
            elif CODE_NAME.search(column.column):
                why = "named like a postal or classification code"
            else:
                why = "whole numbers named like a kind of thing"
            if column.distinct <= MAX_CATEGORIES:
                item = {
                    "column": column.column,
                    "name": feature_name(column.column),
                    "label": label_for(column.column),
                    "cluster": False,
                }
                categorical.append(
                    (item, f"a code ({why}), not a measure: profiled per segment as a category")
                )
            else:
                left_out.append(
                    (
                        column.column,
                        f"a code ({why}; {column.distinct} values), not a measure: group it "
                        "first (e.g. its first digits) to profile it",
                    )
                )
        elif column.is_numeric:
            if _is_birth_year(column):
                numeric.append(_birth_year_choice(column, int(as_of_date[:4])))
                needs_as_of = True
            elif MEASURE_IS_AN_ID_NAME.search(column.column):
                left_out.append(
                    (column.column, f"named like an id ({column.distinct} values): not a measure")
                )
            elif _is_row_number(column, rows):
                left_out.append(
                    (
                        column.column,
                        "the file's row numbers (an unnamed column counting "
                        f"{column.minimum:.0f} to {column.maximum:.0f}, as R and pandas write "
                        "them): not a measure",
                    )
                )
            elif _looks_like_a_sequence(column, rows):
                left_out.append(
                    (
                        column.column,
                        f"near-unique consecutive integers ({column.distinct} values from "
                        f"{column.minimum:.0f} to {column.maximum:.0f}): another id?",
                    )
                )
            elif column.distinct == 2:
                categorical.append(
                    (
                        {
                            "column": column.column,
                            "name": feature_name(column.column),
                            "label": label_for(column.column),
                            "cluster": False,
                        },
                        "two values: a flag, profiled as a category (each segment's share "
                        "with it); not clustered, as k-means splits users on a two-valued "
                        "column before any measure, and a flag is often the outcome to compare "
                        "segments on (is_canceled, churned): set cluster: true to segment on it",
                    )
                )
            else:
                numeric.append(_numeric_choice(column))
        elif column.non_numbers:
            present = rows - column.nulls
            examples = ", ".join(repr(value) for value in column.non_numbers)
            left_out.append(
                (
                    column.column,
                    f"numbers in {column.number_rows / present:.0%} of its rows, but "
                    f"{present - column.number_rows} are not (e.g. {examples}): too many to "
                    "quarantine; clean them, then list it in numeric_features",
                )
            )
        elif (column.mean_length or 0) > FREE_TEXT_LENGTH:
            left_out.append(
                (column.column, f"free text (mean length {column.mean_length:.0f} characters)")
            )
        elif column.distinct >= NEAR_UNIQUE_SHARE * (rows - column.nulls):
            left_out.append(
                (column.column, f"near-unique text ({column.distinct} values of {rows} rows)")
            )
        elif column.distinct > MAX_CATEGORIES:
            left_out.append(
                (column.column, f"high cardinality ({column.distinct} values): group it first")
            )
        elif is_dataset_split(column.values):
            left_out.append((column.column, DATASET_SPLIT_NOTE))
        elif scale := scale_order(column.values):
            numeric.append(_scale_choice(column, scale))
        else:
            item = {
                "column": column.column,
                "name": feature_name(column.column),
                "label": label_for(column.column),
            }
            reason = f"text with {column.distinct} values"
            spellings = {str(value).strip(): str(value).strip().lower() for value in column.values}
            if len(set(spellings.values())) < len(spellings):
                item["fold_case"] = True
                reason = (
                    f"text with {len(set(spellings.values()))} values written in several cases "
                    f"({', '.join(_case_variants(spellings))}): read as one (fold_case)"
                )
            order = band_order(column.values)
            if order:
                item["order"] = order
                reason += ", ordered: values look like bands"
            if column.kept_markers:
                item["keep_values"] = column.kept_markers
                reason += (
                    f"; {', '.join(column.kept_markers)} is a code here (Namibia, North America), "
                    "not a missing value: kept"
                )
            if column.nulls:
                reason += f", {share_text(column.null_share)} missing (profiled as Unknown)"
            item["cluster"] = False
            categorical.append((item, reason + "; profiled per segment, not clustered"))
    numeric = _profile_redundant_columns(
        profile, _weights_and_one_value_profiled(profile, outcomes_profiled(numeric))
    )
    if not any(item.get("cluster", True) for item, _ in numeric):
        categorical = _clustered_categories(categorical, profile)
    _give_unique_names(numeric + categorical)
    return Proposal(
        profile.path,
        profile.delimiter,
        rows,
        id_column,
        id_reason,
        numeric,
        categorical,
        left_out,
        profile.profiled_rows,
        id_type=id_type,
        as_of_date=as_of_date if needs_as_of else None,
        as_of_reason=as_of_reason,
        header=profile.header,
        column_names=profile.column_names,
    )


def _profile_redundant_columns(
    profile: TableProfile, numeric: list[tuple[dict[str, Any], str]]
) -> list[tuple[dict[str, Any], str]]:
    """The numeric features, with the clustered columns that repeat an earlier one (UCI student
    grades G1, G2, G3: rank correlation 0.9 and more, so grades weighed three times) or on which
    only a few users differ profiled only, as the event-log scaffold does
    (tools.redundant_features). Derived features (ages, days since) are not compared."""
    values = profile.numeric_values
    compared = [
        item["column"]
        for item, _ in numeric
        if item.get("cluster", True) and "derive" not in item
        if values is not None and item["column"] in values.columns
    ]
    if len(compared) < 2:
        return numeric
    why = profiled_only_columns(values[compared], profile.profiled_rows.in_file)
    return [
        ({**item, "cluster": False}, f"{reason}; profiled, not clustered: {why[item['column']]}")
        if item["column"] in why
        else (item, reason)
        for item, reason in numeric
    ]


def _give_unique_names(features: list[tuple[dict[str, Any], str]]) -> None:
    """Number the names two columns share (``Yrs Service`` and ``yrs_service``: ``yrs_service``,
    ``yrs_service_2``), in place; names the build reserves get a suffix too."""
    taken = {"user_id", "interests", "last_seen_at", "segment_id", "run_id"}
    for item, _ in features:
        name, number = item["name"], 2
        while item["name"] in taken:
            item["name"], number = f"{name}_{number}", number + 1
        taken.add(item["name"])


def capped_k_range(k_range: tuple[int, int], users: int) -> tuple[tuple[int, int], str]:
    """``k_range`` with k at most users / MIN_CELL_SIZE, so a small table's segments are not
    cells too small to publish (var min_cell_size; k is at least 2), and a config comment saying
    so when it was capped (else the empty text)."""
    high = max(2, min(k_range[1], users // MIN_CELL_SIZE))
    capped = (min(k_range[0], high), high)
    if capped == tuple(k_range):
        return capped, ""
    if users < 2 * MIN_CELL_SIZE:
        return capped, (
            f"# k = 2, the fewest segments there are: {users} users cannot make two segments of "
            f"at least {MIN_CELL_SIZE} (min_cell_size), so one will be smaller (asked: "
            f"{k_range[0]}-{k_range[1]})."
        )
    return capped, (
        f"# k at most {high}: {users} users make segments of at least {MIN_CELL_SIZE} "
        f"(min_cell_size) only up to there (asked: {k_range[0]}-{k_range[1]})."
    )


def _flow(item: dict[str, Any]) -> str:
    return "{" + ", ".join(f"{key}: {json.dumps(value)}" for key, value in item.items()) + "}"


def render_config(proposal: Proposal, k_range: tuple[int, int] = (2, 8)) -> str:
    """The proposal as commented YAML: the dbt vars of `user_source: table`.

    The file is valid as ``dbt build --vars "$(cat config.yml)"``: keys ``user_source``,
    ``user_table``, ``as_of_date`` (when a feature is derived from a date or a birth year) and
    ``segmentation_overrides``. Each column carries a comment with the reason.
    """
    table = proposal.user_table()
    lines = [
        f"# Starter config for {proposal.path} "
        f"({row_count_text(proposal.profiled_rows.in_file)}), written by",
        "# `user-segmentation scaffold`. Check every line, then run:",
        '#   dbt build --vars "$(cat this-file.yml)"',
        *proposal.profiled_rows.note_lines(),
        "# Numeric features are clustered (cluster: false = profiled only); categorical features",
        "# are profiled per segment (cluster: true one-hot encodes them into the clustering too).",
        "# Labels name the features in profiles, charts and the report; high_phrase / low_phrase",
        "# (optional) name segments that are far above / below average on a feature.",
        "# Rows with a missing or repeated id, a value that does not parse or one outside a",
        "# `range` go to the input_quarantine mart; input_feature_quality says what was filled",
        "# and clipped.",
        "user_source: table",
    ]
    if proposal.as_of_date:
        lines.append(f"# as_of_date: {proposal.as_of_reason}.")
        lines.append(f"as_of_date: {json.dumps(proposal.as_of_date)}")
    lines += ["user_table:", f"  path: {json.dumps(table['path'])}"]
    if "encoding" in table:
        lines.append(f"  encoding: {table['encoding']}  # {ENCODING_NOTES[table['encoding']]}")
    if "delimiter" in table:
        lines.append(f"  delimiter: {json.dumps(table['delimiter'])}")
    if "column_names" in table:
        lines.append(f"  header: false  # {NAMED_COLUMNS_NOTE}")
        lines.append(f"  column_names: {json.dumps(table['column_names'])}")
    elif "header" in table:
        lines.append(f"  header: false  # {NO_HEADER_NOTE}")
    lines.append(f"  id_column: {json.dumps(proposal.id_column)}  # {proposal.id_reason}")
    if "row_ids" in table:
        lines.append(f"  row_ids: true  # {ROW_IDS_NOTE}")
    if proposal.id_type:
        lines.append(f"  id_type: {json.dumps(proposal.id_type)}")
    lines.append("  numeric_features:" if proposal.numeric else "  numeric_features: []")
    for item, reason in proposal.numeric:
        lines.append(f"    # {item['column']}: {reason}")
        lines.append(f"    - {_flow(item)}")
    lines.append(
        "  categorical_features:" if proposal.categorical else "  categorical_features: []"
    )
    for item, reason in proposal.categorical:
        lines.append(f"    # {item['column']}: {reason}")
        lines.append(f"    - {_flow(item)}")
    if proposal.left_out:
        lines.append("  # Left out:")
        for column, reason in proposal.left_out:
            lines.append(f"  #   {column}: {reason}")
    k_range, note = capped_k_range(k_range, proposal.rows)
    lines += [
        *([note] if note else []),
        "segmentation_overrides:",
        f"  k_range: [{k_range[0]}, {k_range[1]}]",
        "  stability_runs: 3",
        "",
    ]
    return "\n".join(lines)


def scaffold(path: str | Path, delimiter: str | None = None, k_range=(2, 8)) -> str:
    """Profile ``path`` and return the starter config text."""
    return render_config(propose_config(profile_table(path, delimiter)), k_range)


def profile_frame(profile: TableProfile) -> pd.DataFrame:
    """The profile as a table (one row per column), for printing."""
    return pd.DataFrame(
        [
            {
                "column": c.column,
                "type": c.data_type,
                "distinct": c.distinct,
                "null_share": round(c.null_share, 3),
                "skewness": None if c.skewness is None else round(c.skewness, 2),
            }
            for c in profile.columns
        ]
    )
