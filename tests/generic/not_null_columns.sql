{% test not_null_columns(model, column_names) %}
{#- Fails with one row per listed column that holds nulls, and how many. One test (one scan, one
    dbt node) per model instead of one per column: a dbt test node costs ~60 ms whatever it
    queries, and the marts' columns are many. -#}
with

null_counts as (

    select
        {% for column_name in column_names -%}
            count(*) - count({{ column_name }}) as {{ column_name }}{{ ',' if not loop.last }}
        {% endfor %}
    from {{ model }}

)

{% for column_name in column_names -%}
    select
        '{{ column_name }}' as column_name,
        {{ column_name }} as null_rows
    from null_counts
    where {{ column_name }} > 0
    {% if not loop.last %}union all{% endif %}
{% endfor %}
{% endtest %}
