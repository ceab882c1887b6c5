{% macro user_table_relation() %}
    {#- The relation the table input reads: a model, a source, or the file source user_table.users. -#}
    {{ return(configured_input_relation(user_table_config(), 'user_table', 'users')) }}
{% endmacro %}
