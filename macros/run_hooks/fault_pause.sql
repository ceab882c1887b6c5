{% macro fault_pause() %}
    {#- Test-only (the kill tests): when var fault_pause_model names this model, its post-hook runs a
        query that never ends. dbt runs that hook inside the model's transaction, after the new
        table has replaced the old one and before the commit, so the kill test can SIGKILL dbt at
        the riskiest moment. Renders nothing otherwise (dbt then skips the hook). -#}
    {%- if var('fault_pause_model', none) == this.name -%}
        select count(*) from range(100000000000000) where random() < 0
    {%- endif -%}
{% endmacro %}
