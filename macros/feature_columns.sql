{% macro numeric_feature_names() %}
    {{- return([
        'weekday_hours', 'weekend_hours', 'likes_reactions', 'followed_accounts',
        'ad_impressions', 'ad_clicks', 'ctr', 'conversion_rate', 'ad_interaction_s',
        'active_days', 'days_since_last_seen',
    ]) -}}
{% endmacro %}

{% macro categorical_attribute_names() %}
    {{- return(['age_band', 'gender', 'income_band', 'location', 'language', 'education', 'device']) -}}
{% endmacro %}
