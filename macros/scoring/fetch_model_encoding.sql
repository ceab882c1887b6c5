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
