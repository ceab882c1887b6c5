{% macro compiling_a_model_run() %}
    {#- True while a model compiles to run against the warehouse: dbt executes (not parses), the
        target is not lint, and the node is a model (not a unit test or a data test). Only then may
        a macro read the build's tables or the input files to choose the SQL it writes; otherwise
        it must answer without them. -#}
    {{- return(execute and target.name != 'lint' and model.resource_type == 'model') -}}
{% endmacro %}
