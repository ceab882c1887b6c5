{% macro encoded_value(column) %}
    {#- SQL for one encoded column of the clustering matrix, the same arithmetic as
        user_segmentation.segmentation.features.apply_encoding. -#}
    {%- if column['category'] is not none -%}
        case
            when coalesce(cast({{ column['source_column'] }} as {{ dbt.type_string() }}), 'Unknown') = '{{ column["category"] | replace("'", "''") }}'
                then cast({{ column['weight'] }} as double)
            else 0.0
        end
    {%- else -%}
        {%- set raw = 'cast(' ~ column['source_column'] ~ ' as double)' -%}
        {%- if column['transform'] == 'log1p' -%}
            {#- Signed: sign(x) * ln(1 + |x|) is ln(1 + x) for x >= 0 (features.signed_log1p). -#}
            {%- set raw = 'sign(' ~ raw ~ ') * ln(1 + abs(' ~ raw ~ '))' -%}
        {%- endif -%}
        ({{ raw }} - cast({{ column['shift'] }} as double)) / cast({{ column['scale'] }} as double) * cast({{ column['weight'] }} as double)
    {%- endif -%}
{% endmacro %}
