{%- set user_table = user_table_config() %}
{%- if user_table['path'] %}
    {{ require_input_files(user_table['path'], 'user_table.path') }}
{%- endif %}

{#- One row per row of the configured user table: the id and the configured columns, renamed to
    column-safe names and typed (numeric features double, categorical features trimmed text). -#}

with

source as (

    select * from {{ user_table_relation() }}

),

renamed as (

    select
        cast({{ adapter.quote(user_table['id_column']) }} as bigint) as user_id
        {%- for feature in user_table['categorical_features'] %},
        nullif(trim(cast({{ adapter.quote(feature['column']) }} as varchar)), '') as {{ feature['name'] }}
        {%- endfor %}
        {%- for feature in user_table['numeric_features'] %},
        cast({{ adapter.quote(feature['column']) }} as double) as {{ feature['name'] }}
        {%- endfor %}
    from source

)

select * from renamed
