{% macro fetch_model_encoding(model_relation) %}
    {#- The encoded columns of the newest run of the stored model, as a list of dicts, in matrix order.
        Empty when the model table does not exist yet (parse, docs), so callers still compile. -#}
    {%- if target.name == 'lint' -%}
        {#- SQLFluff renders without a warehouse: lint the shape with one stand-in column. -#}
        {{ return([{'encoded_feature': 'weekday_hours', 'source_column': 'weekday_hours', 'category': none,
                    'transform': 'none', 'shift': 0.0, 'scale': 1.0, 'weight': 1.0}]) }}
    {%- endif -%}
    {%- set names = ['encoded_feature', 'source_column', 'category', 'transform', 'shift', 'scale', 'weight'] -%}
    {%- set rows = current_model_rows(model_relation, 'encoding', names, order_by='k') -%}
    {%- set columns = [] -%}
    {%- for row in rows or [] -%}
        {%- do columns.append(dict(zip(names, row))) -%}
    {%- endfor -%}
    {{ return(columns) }}
{% endmacro %}

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
            {%- set raw = 'ln(1 + ' ~ raw ~ ')' -%}
        {%- endif -%}
        ({{ raw }} - cast({{ column['shift'] }} as double)) / cast({{ column['scale'] }} as double) * cast({{ column['weight'] }} as double)
    {%- endif -%}
{% endmacro %}

{% macro current_run_id(model_relation) %}
    {#- Subquery: the run id of the newest run in the stored model table. -#}
    select run_id from {{ model_relation }} where record_type = 'run' order by computed_at desc limit 1
{%- endmacro %}

{% macro current_model_rows(model_relation, record_type, columns, order_by=none) %}
    {#- The rows of one record type of the newest run in the stored model table (an agate table of
        the given columns), or none without a warehouse to ask: while parsing, in lint, or before
        the model table exists. Each fetch_* macro below picks its default for none. -#}
    {%- if target.name == 'lint' or not execute or load_relation(model_relation) is none -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set rows_query -%}
        select {{ columns | join(', ') }}
        from {{ model_relation }}
        where
            record_type = '{{ record_type }}'
            and run_id = ({{ current_run_id(model_relation) }})
        {% if order_by is not none %}order by {{ order_by }}{% endif %}
    {%- endset -%}
    {{ return(run_query(rows_query)) }}
{% endmacro %}

{% macro fetch_scoring_rule(model_relation) %}
    {#- The scoring rule of the newest run: nearest_centre, gaussian_diag or nearest_centre_within_radius. -#}
    {%- set rows = current_model_rows(model_relation, 'run', [json_text('text_value', 'scoring_rule')]) -%}
    {{ return('nearest_centre' if rows is none else rows.columns[0].values()[0]) }}
{% endmacro %}

{% macro fetch_segment_ids(model_relation) %}
    {#- The segment ids of the newest run of the stored model (ascending), one per centre. -#}
    {%- if target.name == 'lint' -%}
        {{ return([1, 2]) }}
    {%- endif -%}
    {%- set rows = current_model_rows(model_relation, 'centre', ['segment_id']) -%}
    {%- if rows is none -%}
        {{ return([]) }}
    {%- endif -%}
    {#- One centre row per segment and encoded column. -#}
    {{ return(rows.columns[0].values() | map('int') | unique | sort | list) }}
{% endmacro %}
