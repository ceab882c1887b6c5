{#- The features of var event_log compiled to SQL: per-feature aggregate expressions for one pass
    over the windowed events (events_in_window: user_id, event_at, event_type, day_index,
    is_weekend_event and the configured columns), then the per-user finishing step (divisions by
    days, recency and tenure against the as-of date, ratios of two features). -#}

{% macro event_log_feature_filter(feature) %}
    {#- The feature's row filter as SQL (none = every event): its `where` and, for per
        weekday_day / weekend_day, the day kind. -#}
    {%- set conditions = [] -%}
    {%- if feature['where'] -%}
        {%- do conditions.append('(' ~ feature['where'] ~ ')') -%}
    {%- endif -%}
    {%- if feature['per'] == 'weekday_day' -%}
        {%- do conditions.append('not is_weekend_event') -%}
    {%- elif feature['per'] == 'weekend_day' -%}
        {%- do conditions.append('is_weekend_event') -%}
    {%- endif -%}
    {{ return(conditions | join(' and ') if conditions else none) }}
{% endmacro %}

{% macro event_log_when(condition, expression) %}
    {#- expression on the rows where condition holds, null elsewhere (aggregates skip nulls). -#}
    {%- if condition is none -%}
        {{ return(expression) }}
    {%- endif -%}
    {{ return('case when ' ~ condition ~ ' then ' ~ expression ~ ' end') }}
{% endmacro %}

{% macro event_log_feature_aggregate(feature) %}
    {#- The aggregate expression of one non-ratio feature, over the windowed events of one user. -#}
    {%- set condition = event_log_feature_filter(feature) -%}
    {%- set aggregate = feature['aggregate'] -%}
    {%- if aggregate == 'count' -%}
        {{ return('count(*)' if condition is none else 'count(' ~ event_log_when(condition, '1') ~ ')') }}
    {%- elif aggregate == 'sum' -%}
        {{ return(as_double(order_free_sum(event_log_when(condition, feature['of'])))) }}
    {%- elif aggregate == 'mean' -%}
        {{ return(as_double(order_free_mean(event_log_when(condition, feature['of'])))) }}
    {%- elif aggregate in ['min', 'max'] -%}
        {{ return(aggregate ~ '(' ~ event_log_when(condition, feature['of']) ~ ')') }}
    {%- elif aggregate == 'distinct_count' -%}
        {{ return('count(distinct ' ~ event_log_when(condition, feature['of']) ~ ')') }}
    {%- elif aggregate == 'active_days' -%}
        {{ return(count_active_days(event_log_when(condition, 'day_index'), var('feature_window_days'))) }}
    {%- elif aggregate == 'recency' -%}
        {{ return('max(' ~ event_log_when(condition, 'event_at') ~ ')') }}
    {%- elif aggregate == 'tenure' -%}
        {{ return('min(' ~ event_log_when(condition, 'event_at') ~ ')') }}
    {%- endif -%}
    {{ exceptions.raise_compiler_error("event_log: no SQL for aggregate '" ~ aggregate ~ "'.") }}
{% endmacro %}

{% macro event_log_feature_value(feature, aggregated, window) %}
    {#- The finished value of one non-ratio feature from its aggregate column (relation alias
        `aggregated`) and the window (alias `window`): totals are 0 when no event matched, per-day
        features are divided by the days of their kind, recency and tenure are days to the as-of date. -#}
    {%- set column = aggregated ~ '.' ~ feature['name'] -%}
    {%- set aggregate = feature['aggregate'] -%}
    {%- if aggregate in ['count', 'sum', 'distinct_count', 'active_days'] -%}
        {%- set value = 'coalesce(' ~ column ~ ', 0)' -%}
    {%- elif aggregate in ['recency', 'tenure'] -%}
        {%- set value = dbt.datediff('cast(' ~ column ~ ' as date)', window ~ '.as_of_date', 'day') -%}
    {%- else -%}
        {%- set value = column -%}
    {%- endif -%}
    {%- if feature['divide_by'] -%}
        {%- set value = value ~ ' / ' ~ feature['divide_by'] -%}
    {%- endif -%}
    {%- set days = {'day': 'window_days', 'weekday_day': 'weekday_days', 'weekend_day': 'weekend_days'} -%}
    {%- if feature['per'] in days -%}
        {%- set value = value ~ ' / ' ~ window ~ '.' ~ days[feature['per']] -%}
    {%- endif -%}
    {{ return('cast(' ~ value ~ ' as double)') }}
{% endmacro %}
