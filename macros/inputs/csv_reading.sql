{% macro checked_column_names(raw, config_name) %}
    {#- The `column_names` of a config (user_table or event_log): the names of a CSV's columns in
        order, for a file without a header row (`header: false`), which DuckDB would call column0,
        column1, ...; none when not set. Stops the build with the fix when they cannot work. -#}
    {%- set names = raw.get('column_names') -%}
    {%- if names is none -%}
        {{ return(none) }}
    {%- endif -%}
    {%- if names is string or names is mapping or not names
        or (names | reject('string') | list) or (names | reject | list) -%}
        {{ exceptions.raise_compiler_error(
            config_name ~ ": column_names must be a list of the file's column names in order "
            ~ "(e.g. [user_id, game, behaviour, hours]), got " ~ tojson(names) ~ ".") }}
    {%- endif -%}
    {%- if raw.get('header') is not sameas false -%}
        {{ exceptions.raise_compiler_error(
            config_name ~ ": column_names names the columns of a file without a header row; add "
            ~ "`header: false` (a file with a header row is read by its own names).") }}
    {%- endif -%}
    {%- if names | unique | list | length != names | length -%}
        {{ exceptions.raise_compiler_error(
            config_name ~ ": column_names repeats a name (" ~ names | join(', ')
            ~ "); give every column its own.") }}
    {%- endif -%}
    {{ return(names) }}
{% endmacro %}

{% macro csv_column_names_option(column_names) %}
    {#- read_csv's option naming the columns of a file without a header row (`, names = [...]`),
        or nothing when column_names is none. -#}
    {%- if not column_names -%}
        {{ return('') }}
    {%- endif -%}
    {%- set quoted = [] -%}
    {%- for name in column_names -%}
        {%- do quoted.append("'" ~ (name | replace("'", "''")) ~ "'") -%}
    {%- endfor -%}
    {{ return(", names = [" ~ quoted | join(', ') ~ "]") }}
{% endmacro %}

{% macro checked_encoding(raw, config_name) %}
    {#- The `encoding` of a config (user_table or event_log): the text encoding of its CSV files,
        utf-8 when not set. DuckDB reads utf-8, latin-1 and utf-16 without an extension; any other
        stops the build with the conversion. -#}
    {%- set encoding = raw.get('encoding') or 'utf-8' -%}
    {%- if encoding not in ['utf-8', 'latin-1', 'utf-16'] -%}
        {{ exceptions.raise_compiler_error(
            config_name ~ ": encoding must be utf-8 (the default), latin-1 (ISO-8859-1) or utf-16, "
            ~ "the encodings DuckDB reads without downloading an extension; got " ~ tojson(encoding)
            ~ ". Convert the file to UTF-8 first (e.g. `iconv -f cp1252 -t utf-8 FILE > "
            ~ "converted.csv`) and drop `encoding`.") }}
    {%- endif -%}
    {{ return(encoding) }}
{% endmacro %}
