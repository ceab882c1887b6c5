{% macro user_table_relation() %}
    {#- The relation the table input reads: a model of the host project (`relation`), a source
        (`source: [source_name, table_name]`), or the file source `user_table.users` (`path`). -#}
    {%- set config = user_table_config() -%}
    {%- if config['relation'] -%}
        {%- set parts = config['relation'].split('.') -%}
        {%- if parts | length == 2 -%}
            {{ return(ref(parts[0], parts[1])) }}
        {%- endif -%}
        {{ return(ref(config['relation'])) }}
    {%- elif config['source'] -%}
        {{ return(source(config['source'][0], config['source'][1])) }}
    {%- endif -%}
    {{ return(source('user_table', 'users')) }}
{% endmacro %}
