{% macro flat_profile_columns() %}
    {#- The notebook CSV's 16 columns (header as exported) mapped to the project's column names. -#}
    {{ return({
        'User ID': 'user_id',
        'Age': 'age_band',
        'Gender': 'gender',
        'Location': 'location',
        'Language': 'language',
        'Education Level': 'education',
        'Likes and Reactions': 'likes_reactions',
        'Followed Accounts': 'followed_accounts',
        'Device Usage': 'device',
        'Time Spent Online (hrs/weekday)': 'weekday_hours',
        'Time Spent Online (hrs/weekend)': 'weekend_hours',
        'Click-Through Rates (CTR)': 'ctr',
        'Conversion Rates': 'conversion_rate',
        'Ad Interaction Time (sec)': 'ad_interaction_s',
        'Income Level': 'income_band',
        'Top Interests': 'interests',
    }) }}
{% endmacro %}
