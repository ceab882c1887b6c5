{% macro fetch_model_encoding(model_relation) %}
    {#- The encoded columns of the newest run of the stored model, as a list of dicts, in matrix order.
        Empty when the model table does not exist yet (parse, docs, lint), so callers still compile. -#}
    {%- if target.name == 'lint' -%}
        {#- SQLFluff renders without a warehouse: lint the shape with one stand-in column. -#}
        {{ return([{'encoded_feature': 'weekday_hours', 'source_column': 'weekday_hours', 'category': none,
                    'transform': 'none', 'shift': 0.0, 'scale': 1.0, 'weight': 1.0}]) }}
    {%- endif -%}
    {%- if not execute -%}
        {{ return([]) }}
    {%- endif -%}
    {%- if load_relation(model_relation) is none -%}
        {{ return([]) }}
    {%- endif -%}
    {%- set encoding_query -%}
        select encoded_feature, source_column, category, transform, shift, scale, weight
        from {{ model_relation }}
        where
            record_type = 'encoding'
            and run_id = ({{ current_run_id(model_relation) }})
        order by k
    {%- endset -%}
    {%- set rows = run_query(encoding_query) -%}
    {%- set columns = [] -%}
    {%- for row in rows -%}
        {%- do columns.append({
            'encoded_feature': row[0], 'source_column': row[1], 'category': row[2],
            'transform': row[3], 'shift': row[4], 'scale': row[5], 'weight': row[6],
        }) -%}
    {%- endfor -%}
    {{ return(columns) }}
{% endmacro %}

{% macro encoded_value(column) %}
    {#- SQL for one encoded column of the clustering matrix, the same arithmetic as
        user_segmentation.features.apply_encoding. -#}
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

{% macro fetch_scoring_rule(model_relation) %}
    {#- The scoring rule of the newest run: nearest_centre, gaussian_diag or nearest_centre_within_radius. -#}
    {%- if target.name == 'lint' or not execute or load_relation(model_relation) is none -%}
        {{ return('nearest_centre') }}
    {%- endif -%}
    {%- set rule_query -%}
        select {{ json_text('text_value', 'scoring_rule') }}
        from {{ model_relation }}
        where record_type = 'run' and run_id = ({{ current_run_id(model_relation) }})
    {%- endset -%}
    {{ return(run_query(rule_query).columns[0].values()[0]) }}
{% endmacro %}

{% macro fetch_segment_ids(model_relation) %}
    {#- The segment ids of the newest run of the stored model (ascending), one per centre. -#}
    {%- if target.name == 'lint' -%}
        {{ return([1, 2]) }}
    {%- endif -%}
    {%- if not execute or load_relation(model_relation) is none -%}
        {{ return([]) }}
    {%- endif -%}
    {%- set segments_query -%}
        select distinct segment_id
        from {{ model_relation }}
        where
            record_type = 'centre'
            and run_id = ({{ current_run_id(model_relation) }})
        order by 1
    {%- endset -%}
    {{ return(run_query(segments_query).columns[0].values() | map('int') | list) }}
{% endmacro %}
