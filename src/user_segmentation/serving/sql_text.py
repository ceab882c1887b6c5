"""Quote values and names for SQL text that DuckDB parses (paths, table names).

DuckDB cannot bind a parameter where ``copy ... to``, ``read_parquet(...)`` or
``create view`` expect a file path or a name, so those pieces go into the SQL text
itself. Standard SQL quoting is enough there: a quote is written twice, and a
backslash or any other character stands for itself.
"""

from __future__ import annotations

__all__ = ["quote_identifier", "quote_literal"]


def quote_literal(value: object) -> str:
    """Return ``value`` as a single-quoted SQL string literal.

    Parameters
    ----------
    value : object
        Anything with a ``str()`` form, usually a path or a text value.

    Returns
    -------
    str
        The text between single quotes, each single quote doubled.

    Examples
    --------
    >>> print(quote_literal("it's"))
    'it''s'
    """
    return "'" + str(value).replace("'", "''") + "'"


def quote_identifier(name: str) -> str:
    """Return ``name`` as a double-quoted SQL identifier (table, view or column name).

    Parameters
    ----------
    name : str
        The name as the reader should see it, in any case and with any characters.

    Returns
    -------
    str
        The name between double quotes, each double quote doubled.

    Examples
    --------
    >>> print(quote_identifier('a"b'))
    "a""b"
    """
    return '"' + name.replace('"', '""') + '"'
