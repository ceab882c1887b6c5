{%- set from_event_log = var('user_source') == 'event_log' %}
{%- set user_table = event_log_config() if from_event_log else user_table_config() %}

{#- One row per configured feature of the user table or the event log: what the build did to its
    values before clustering. Missing values filled (and with what), values clipped to the
    winsorize limits (counted on the filled value, as the feature table applies them), rows
    quarantined because the value broke the feature's `range` or did not parse, and rare
    categories merged into 'Other'. An event log's features are per user (a mean is missing when
    none of the user's events matched its filter); its quarantined rows are events, counted for
    each feature whose `of` reads the column that broke the rule. -#}

with

users as (

    {% if from_event_log -%}
        select * from {{ ref('int_users_event_log_aggregated') }}
    {%- else -%}
        select * from {{ ref('stg_user_table__users') }}
    {%- endif %}

),

bounds as (

    {% if from_event_log -%}
        select * from {{ ref('int_event_log_bounds_computed') }}
    {%- else -%}
        select * from {{ ref('int_user_table_bounds_computed') }}
    {%- endif %}

),

quarantined as (

    select * from {{ ref('int_input_rows_quarantined') }}

),

quarantined_per_column as (

    select
        quarantine_column,
        count(case when quarantine_reason = 'out_of_range' then 1 end) as rows_quarantined_by_range,
        count(case when quarantine_reason in (
            'non_numeric_value', 'unparseable_date', 'value_not_in_order', 'non_finite_value'
        ) then 1 end)
            as rows_quarantined_unparseable
    from quarantined
    group by 1

),

numeric_features as (

    {% for feature in user_table['numeric_features'] -%}
        {%- set name = feature['name'] -%}
        {%- set filled = 'coalesce(users.' ~ name ~ ', bounds.' ~ name ~ '__fill)' %}
        {%- if from_event_log -%}
            {%- set source_column = feature['of'] -%}
            {%- set derived_as = feature['aggregate'] -%}
        {%- else -%}
            {%- set source_column = feature['column'] -%}
            {%- set derived_as = feature['derive'] if feature['derive'] != 'none' else none -%}
        {%- endif %}
        select
            '{{ name }}' as feature_name,
            {{ sql_text(feature['label']) }} as feature_label,
            {{ sql_text(source_column) }} as source_column,
            'numeric' as feature_kind,
            {{ sql_text(derived_as) }} as derived_as,
            {{ sql_text(feature['missing']) }} as fill_rule,
            count(*) as rows_accepted,
            count(*) - count(users.{{ name }}) as values_missing_filled,
            max(bounds.{{ name }}__fill) as fill_value,
            {% if feature['winsorize'] -%}
                count(case when {{ filled }} < bounds.{{ name }}__low then 1 end) as values_clipped_low,
                max(bounds.{{ name }}__low) as clip_low,
                count(case when {{ filled }} > bounds.{{ name }}__high then 1 end) as values_clipped_high,
                max(bounds.{{ name }}__high) as clip_high,
            {%- else -%}
                0 as values_clipped_low,
                cast(null as double) as clip_low,
                0 as values_clipped_high,
                cast(null as double) as clip_high,
            {%- endif %}
            {%- set range = feature.get('range') %}
            {{ range[0] if range and range[0] is not none else 'null' }} as range_min,
            {{ range[1] if range and range[1] is not none else 'null' }} as range_max
        from users
        cross join bounds
        {% if not loop.last %}union all{% endif %}
    {% else %}
        {#- A table clustered on categories alone. -#}
        select
            cast(null as varchar) as feature_name,
            cast(null as varchar) as feature_label,
            cast(null as varchar) as source_column,
            cast(null as varchar) as feature_kind,
            cast(null as varchar) as derived_as,
            cast(null as varchar) as fill_rule,
            cast(0 as bigint) as rows_accepted,
            cast(0 as bigint) as values_missing_filled,
            cast(null as double) as fill_value,
            cast(0 as bigint) as values_clipped_low,
            cast(null as double) as clip_low,
            cast(0 as bigint) as values_clipped_high,
            cast(null as double) as clip_high,
            cast(null as double) as range_min,
            cast(null as double) as range_max
        where false
    {% endfor %}

),

quarantined_per_feature as (

    {% for feature in user_table['numeric_features'] -%}
        {%- if from_event_log -%}
            {#- `of` may be an expression (quantity * unit_price): every column it names counts. -#}
            {%- set read_columns = modules.re.findall('[A-Za-z_][A-Za-z0-9_]*', feature['of'] or '') -%}
        {%- else -%}
            {%- set read_columns = [feature['name']] -%}
        {%- endif %}
        select
            '{{ feature['name'] }}' as feature_name,
            sum(rows_quarantined_by_range) as rows_quarantined_by_range,
            sum(rows_quarantined_unparseable) as rows_quarantined_unparseable
        from quarantined_per_column
        where quarantine_column in (
            {%- for column in read_columns or [''] -%}
                {{ sql_text(column) }}{% if not loop.last %}, {% endif %}
            {%- endfor -%}
        )
        {% if not loop.last %}union all{% endif %}
    {% else %}
        select
            cast(null as varchar) as feature_name,
            cast(0 as bigint) as rows_quarantined_by_range,
            cast(0 as bigint) as rows_quarantined_unparseable
        where false
    {% endfor %}

),

{% if user_table['categorical_features'] %}

    categories_counted as (

        {#- Only a user table has categorical features; its feature table maps them through the
            same counts. -#}
        select
            feature_name,
            category,
            category_rows,
            is_rare
        from {{ ref('int_user_table_categories_counted') }}

    ),

    categorical_features as (

        select
            feature_name,
            sum(case when category is null then category_rows else 0 end) as values_missing,
            sum(case when category is not null then 1 else 0 end) as categories,
            sum(case when is_rare then 1 else 0 end) as categories_merged_into_other,
            sum(case when is_rare then category_rows else 0 end) as rows_merged_into_other,
            sum(category_rows) as rows_accepted
        from categories_counted
        group by 1

    ),

{% endif %}

final as (

    select
        cast(numeric_features.feature_name as {{ dbt.type_string() }}) as feature_name,
        cast(numeric_features.feature_label as {{ dbt.type_string() }}) as feature_label,
        cast(numeric_features.source_column as {{ dbt.type_string() }}) as source_column,
        cast(numeric_features.feature_kind as {{ dbt.type_string() }}) as feature_kind,
        cast(numeric_features.derived_as as {{ dbt.type_string() }}) as derived_as,
        cast(numeric_features.fill_rule as {{ dbt.type_string() }}) as fill_rule,
        cast(numeric_features.rows_accepted as bigint) as rows_accepted,
        cast(numeric_features.values_missing_filled as bigint) as values_missing_filled,
        cast(numeric_features.fill_value as double) as fill_value,
        cast(numeric_features.values_clipped_low as bigint) as values_clipped_low,
        cast(numeric_features.clip_low as double) as clip_low,
        cast(numeric_features.values_clipped_high as bigint) as values_clipped_high,
        cast(numeric_features.clip_high as double) as clip_high,
        cast(coalesce(quarantined_per_feature.rows_quarantined_by_range, 0) as bigint) as rows_quarantined_by_range,
        cast(numeric_features.range_min as double) as range_min,
        cast(numeric_features.range_max as double) as range_max,
        cast(coalesce(quarantined_per_feature.rows_quarantined_unparseable, 0) as bigint)
            as rows_quarantined_unparseable,
        cast(null as bigint) as categories,
        cast(0 as bigint) as categories_merged_into_other,
        cast(0 as bigint) as rows_merged_into_other,
        {{ run_started_at_timestamp() }} as loaded_at
    from numeric_features
    left join quarantined_per_feature on numeric_features.feature_name = quarantined_per_feature.feature_name

    {% for feature in user_table['categorical_features'] -%}
        union all
        select
            cast('{{ feature['name'] }}' as {{ dbt.type_string() }}) as feature_name,
            cast({{ sql_text(feature['label']) }} as {{ dbt.type_string() }}) as feature_label,
            cast({{ sql_text(feature['column']) }} as {{ dbt.type_string() }}) as source_column,
            cast('categorical' as {{ dbt.type_string() }}) as feature_kind,
            cast(null as {{ dbt.type_string() }}) as derived_as,
            cast('Unknown' as {{ dbt.type_string() }}) as fill_rule,
            cast(rows_accepted as bigint) as rows_accepted,
            cast(values_missing as bigint) as values_missing_filled,
            cast(null as double) as fill_value,
            cast(0 as bigint) as values_clipped_low,
            cast(null as double) as clip_low,
            cast(0 as bigint) as values_clipped_high,
            cast(null as double) as clip_high,
            cast(0 as bigint) as rows_quarantined_by_range,
            cast(null as double) as range_min,
            cast(null as double) as range_max,
            cast(0 as bigint) as rows_quarantined_unparseable,
            cast(categories as bigint) as categories,
            cast(categories_merged_into_other as bigint) as categories_merged_into_other,
            cast(rows_merged_into_other as bigint) as rows_merged_into_other,
            {{ run_started_at_timestamp() }} as loaded_at
        from categorical_features
        where feature_name = '{{ feature['name'] }}'
    {% endfor %}

)

select * from final
