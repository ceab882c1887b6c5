{% macro run_started_at_timestamp() %}
    {#- When this dbt invocation started (UTC), as a SQL timestamp literal. -#}
    cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S") }}' as timestamp)
{%- endmacro %}
