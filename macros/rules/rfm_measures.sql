{% macro rfm_measures() %}
    {#- The rule baseline's three measures of a user's activity in the feature window: name, score
        column, SQL over the feature table's columns, and whether fewer is better (descending). -#}
    {{ return([
        {'name': 'days_since_last_seen', 'score': 'recency_score',
         'expression': 'days_since_last_seen', 'descending': true},
        {'name': 'active_days', 'score': 'frequency_score',
         'expression': 'active_days', 'descending': false},
        {'name': 'interactions', 'score': 'engagement_score',
         'expression': 'likes_reactions + followed_accounts + ad_clicks', 'descending': false},
    ]) }}
{% endmacro %}
