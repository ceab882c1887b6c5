{% macro user_table_column_name(column) %}
    {#- A column-safe snake_case name for a raw column header (same rule as
        user_segmentation.segmentation.table_config.column_name). -#}
    {%- set name = modules.re.sub('[^a-z0-9]+', '_', column | string | lower).strip('_') -%}
    {%- if not name -%}
        {%- set name = 'f' -%}
    {%- elif name[0] in '0123456789' -%}
        {%- set name = 'f_' ~ name -%}
    {%- endif -%}
    {%- if name in sql_keywords() -%}
        {%- set name = name ~ '_' -%}
    {%- endif -%}
    {{ return(name) }}
{% endmacro %}

{% macro sql_keywords() %}
    {#- DuckDB keywords that cannot name a column unquoted (duckdb_keywords(): the reserved and
        type_function categories); the same list as table_config.SQL_KEYWORDS. -#}
    {{ return((
        'all analyse analyze and anti any array as asc asof asymmetric at authorization binary both '
        'by case cast check collate collation column columns concurrently constraint create cross '
        'default deferrable desc describe distinct do else end except false fetch for foreign '
        'freeze from full generated glob group having ilike in initially inner intersect into is '
        'isnull join lambda lateral leading left like limit map natural not notnull null offset on '
        'only or order outer overlaps pivot pivot_longer pivot_wider placing positional primary '
        'qualify references returning right select semi show similar some struct summarize '
        'symmetric table tablesample then to trailing true try_cast tuple union unique unpack '
        'unpivot using variadic verbose when where window with '
    ).split()) }}
{% endmacro %}
