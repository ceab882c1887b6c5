{% macro utc_timestamp(column) %}
    {#- A UTC timestamp column as a timestamp without time zone holding the UTC wall clock. -#}
    {{- return(adapter.dispatch('utc_timestamp', 'user_segmentation')(column)) -}}
{% endmacro %}

{% macro default__utc_timestamp(column) %}
    cast({{ column }} as timestamp)
{%- endmacro %}

{% macro duckdb__utc_timestamp(column) %}
    {#- From epoch microseconds: no time zone lookup per row (a cast from timestamptz goes through
        ICU and is ~8x slower); a naive timestamp is read as the UTC wall clock it already is. -#}
    make_timestamp(epoch_us({{ column }}))
{%- endmacro %}
