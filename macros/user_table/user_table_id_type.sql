{% macro user_table_id_type() %}
    {#- The type user ids keep through staging: `user_table.id_type` when it is integer or text;
        with auto (the default), integer when every non-empty id of the input is a whole number
        (12 or 12.0, not 59.37),
        else text (UUIDs, e-mail-like keys, codes such as C-00017). Text while parsing. -#}
    {%- set config = user_table_config() -%}
    {%- if config['row_ids'] -%}
        {{ return('integer') }}
    {%- endif -%}
    {%- if config['id_type'] != 'auto' -%}
        {{ return(config['id_type']) }}
    {%- endif -%}
    {%- if not compiling_a_model_run() -%}
        {{ return('text') }}
    {%- endif -%}
    {%- set raw_id = 'trim(cast(' ~ adapter.quote(config['id_column']) ~ ' as ' ~ dbt.type_string() ~ '))' -%}
    {%- set not_whole = run_query(
        'select count(*) from ' ~ user_table_relation() ~ ' where ' ~ raw_id ~ " != '' and "
        ~ try_cast_whole_number(raw_id) ~ ' is null'
    ).rows[0][0] -%}
    {{ return('integer' if not_whole == 0 else 'text') }}
{% endmacro %}
