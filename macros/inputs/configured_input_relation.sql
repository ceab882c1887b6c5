{% macro configured_input_relation(config, file_source_name, file_table_name) %}
    {#- The relation a configured input (user_table or event_log) reads: a model of the host project
        (config `relation`, optionally `package.model`), a source (`source: [source_name,
        table_name]`), or else the project's file source file_source_name.file_table_name (`path`). -#}
    {%- if config['relation'] -%}
        {%- set parts = config['relation'].split('.') -%}
        {%- if parts | length == 2 -%}
            {{ return(ref(parts[0], parts[1])) }}
        {%- endif -%}
        {{ return(ref(config['relation'])) }}
    {%- elif config['source'] -%}
        {{ return(source(config['source'][0], config['source'][1])) }}
    {%- endif -%}
    {{ return(source(file_source_name, file_table_name)) }}
{% endmacro %}
