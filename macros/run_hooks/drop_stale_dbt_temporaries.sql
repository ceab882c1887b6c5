{% macro drop_stale_dbt_temporaries() %}
    {#- on-run-start and on-run-end: drops `<model>__dbt_tmp<timestamp>` and `__dbt_backup` relations.
        dbt-duckdb's incremental Python models create and commit a timestamped temp table and never
        drop it (even on success), and a killed run can leave any of them. No model runs during the
        hooks, so none is in use. -#}
    {%- if execute and target.name != 'lint' and target.type == 'duckdb' -%}
        {%- set stale_sql -%}
            select table_schema, table_name, table_type
            from information_schema.tables
            where
                table_catalog = current_database()
                and (table_name like '%\_\_dbt\_tmp%' escape '\' or table_name like '%\_\_dbt\_backup%' escape '\')
        {%- endset -%}
        {%- for row in run_query(stale_sql).rows -%}
            {%- set kind = 'view' if row[2] == 'VIEW' else 'table' -%}
            {%- do log("Dropping " ~ kind ~ " " ~ row[0] ~ "." ~ row[1] ~ " left by dbt (temporary).", info=true) -%}
            {%- do run_query('drop ' ~ kind ~ ' if exists "' ~ row[0] ~ '"."' ~ row[1] ~ '"') -%}
        {%- endfor -%}
    {%- endif -%}
{% endmacro %}
