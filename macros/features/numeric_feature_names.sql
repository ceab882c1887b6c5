{% macro numeric_feature_names() %}
    {#- The per-user numeric features profiled per segment: the fixed feature set of the events and
        profiles_csv shapes, or the configured numeric features of user_source table. -#}
    {%- if var('user_source') == 'table' -%}
        {{- return(user_table_config()['numeric_features'] | map(attribute='name') | list) -}}
    {%- endif -%}
    {{- return([
        'weekday_hours', 'weekend_hours', 'likes_reactions', 'followed_accounts',
        'ad_impressions', 'ad_clicks', 'ctr', 'conversion_rate', 'ad_interaction_s',
        'active_days', 'days_since_last_seen',
    ]) -}}
{% endmacro %}
