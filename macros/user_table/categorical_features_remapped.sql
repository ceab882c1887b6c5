{% macro categorical_features_remapped(categories, features) %}
    {#- The names of the categorical features (user_table.categorical_features) whose values the
        feature table changes: a category held by too few users (is_rare, written 'Other') or a
        category written in several ways (spellings > 1, written as most users write it), read
        from categories (int_user_table_categories_counted) when the calling model compiles.
        Every feature while dbt parses or lints, in unit tests and before categories is built. -#}
    {%- set every_feature = features | map(attribute='name') | list %}
    {%- if not compiling_a_model_run() %}
        {{- return(every_feature) -}}
    {%- endif %}
    {%- if load_relation(categories) is none %}
        {{- return(every_feature) -}}
    {%- endif %}
    {%- set remapped_sql %}
        select distinct feature_name from {{ categories }}
        where is_rare or spellings > 1
    {%- endset %}
    {{- return(run_query(remapped_sql).columns[0].values() | list) -}}
{% endmacro %}
