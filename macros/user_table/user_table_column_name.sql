{% macro user_table_column_name(column) %}
    {#- A column-safe snake_case name for a raw column header (same rule as
        user_segmentation.segmentation.table_config.column_name). -#}
    {%- set name = modules.re.sub('[^a-z0-9]+', '_', column | string | lower).strip('_') -%}
    {%- if not name or name[0] in '0123456789' -%}
        {%- set name = 'f_' ~ name -%}
    {%- endif -%}
    {{ return(name) }}
{% endmacro %}
