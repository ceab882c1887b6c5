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

{% macro current_run_id(model_relation) %}
    {#- Subquery: the run id of the newest run in the stored model table. -#}
    select run_id from {{ model_relation }} where record_type = 'run' order by computed_at desc limit 1
{%- endmacro %}
