{% macro event_log_config() %}
    {#- The var `event_log`, normalised: where the events are, which columns are the user id, the
        timestamp, the event type and the event id, the numeric and text columns features read, and
        every feature with its aggregate, filter, label, unit, transform, missing rule and cluster
        flag. The same rules as user_segmentation.segmentation.event_log_config (Python reads the
        config for the fit). Stops the build with the fix when the config cannot work. -#}
    {%- set raw = var('event_log', {}) or {} -%}
    {%- if raw is string -%}
        {%- set raw = fromyaml(raw) -%}
    {%- endif -%}
    {%- set aggregates = event_log_aggregates() -%}
    {%- set reserved = ['user_id', 'event_at', 'event_type', 'event_id', 'interests', 'last_seen_at',
        'segment_id', 'run_id', 'source_file', 'source_row_number', 'day_index', 'is_weekend_event', 'window_event_rows'] -%}
    {%- set numeric_columns = [] -%}
    {%- for item in raw.get('numeric_columns', []) or [] -%}
        {%- set item = {'column': item} if item is string else item -%}
        {%- if item.get('derive') not in [none, 'minutes_after_event'] -%}
            {{ exceptions.raise_compiler_error(
                "event_log: column '" ~ item['column'] ~ "' has unknown derive '" ~ item.get('derive')
                ~ "'. Use minutes_after_event (the minutes from the event's timestamp to this column's "
                ~ "time: a trip's or a session's length), or leave it out for a number.") }}
        {%- elif item.get('derive') and (raw.get('undated') is sameas true or not raw.get('timestamp')) -%}
            {{ exceptions.raise_compiler_error(
                "event_log: column '" ~ item['column'] ~ "' derives minutes_after_event, which needs the "
                ~ "log's `timestamp` (when the event started); this log has none.") }}
        {%- endif -%}
        {%- do numeric_columns.append({
            'column': item['column'],
            'name': item.get('name') or user_table_column_name(item['column']),
            'type': item.get('type') or 'double',
            'number_format': checked_number_format(item, 'event_log'),
            'order': item.get('order') or [],
            'missing_values': item.get('missing_values') or [],
            'derive': item.get('derive'),
        }) -%}
    {%- endfor -%}
    {%- set text_columns = [] -%}
    {%- for item in raw.get('text_columns', []) or [] -%}
        {%- set item = {'column': item} if item is string else item -%}
        {%- do text_columns.append({
            'column': item['column'], 'name': item.get('name') or user_table_column_name(item['column']),
        }) -%}
    {%- endfor -%}
    {%- set features = [] -%}
    {%- set names = [] -%}
    {%- for column in numeric_columns + text_columns -%}
        {%- if column['name'] in reserved -%}
            {{ exceptions.raise_compiler_error(
                "event_log: column name '" ~ column['name'] ~ "' is reserved (" ~ reserved | join(', ')
                ~ "). Give it another `name`.") }}
        {%- endif -%}
    {%- endfor -%}
    {%- for item in raw.get('features', []) or [] -%}
        {%- set name = item.get('name') -%}
        {%- set aggregate = item.get('aggregate') -%}
        {%- if not name or user_table_column_name(name) != name -%}
            {{ exceptions.raise_compiler_error(
                "event_log: feature " ~ loop.index ~ " needs a `name` in snake_case (a-z, 0-9, _) that is "
                ~ "not an SQL keyword, got '" ~ name ~ "'" ~ ("; e.g. '" ~ user_table_column_name(name) ~ "'" if name else "")
                ~ ".") }}
        {%- endif -%}
        {%- if aggregate == 'share' -%}
            {%- set aggregate = 'ratio' -%}
        {%- endif -%}
        {%- if aggregate not in aggregates -%}
            {{ exceptions.raise_compiler_error(
                "event_log: feature '" ~ name ~ "' has unknown aggregate '" ~ aggregate ~ "'. Use one of: "
                ~ aggregates | join(', ') ~ ", share.") }}
        {%- endif -%}
        {%- if aggregate in ['sum', 'mean', 'min', 'max', 'distinct_count'] and not item.get('of') -%}
            {{ exceptions.raise_compiler_error(
                "event_log: feature '" ~ name ~ "' (" ~ aggregate ~ ") needs `of`: a column or SQL expression.") }}
        {%- endif -%}
        {%- set per = item.get('per') or 'window' -%}
        {%- if per not in ['window', 'day', 'weekday_day', 'weekend_day'] -%}
            {{ exceptions.raise_compiler_error(
                "event_log: feature '" ~ name ~ "' has per '" ~ per ~ "'. Use day, weekday_day or weekend_day "
                ~ "(or leave it out for the whole window).") }}
        {%- endif -%}
        {%- if per != 'window' and aggregate not in ['count', 'sum', 'distinct_count', 'active_days'] -%}
            {{ exceptions.raise_compiler_error(
                "event_log: feature '" ~ name ~ "': per " ~ per ~ " divides a total by a number of days; it "
                ~ "works with count, sum, distinct_count and active_days, not " ~ aggregate ~ ".") }}
        {%- endif -%}
        {%- set transform = item.get('transform', 'none') or 'none' -%}
        {%- if transform not in ['none', 'log1p', 'winsorize'] -%}
            {{ exceptions.raise_compiler_error(
                "event_log: unknown transform '" ~ transform ~ "' for feature '" ~ name
                ~ "'. Use none, log1p or winsorize (and winsorize: [low, high] quantiles).") }}
        {%- endif -%}
        {%- set winsorize = item.get('winsorize') -%}
        {%- if transform == 'winsorize' and not winsorize -%}
            {%- set winsorize = [0.01, 0.99] -%}
        {%- endif -%}
        {%- set missing = item.get('missing', 'median') or 'median' -%}
        {%- if missing not in missing_fill_rules() -%}
            {{ exceptions.raise_compiler_error(
                "event_log: unknown missing rule '" ~ missing ~ "' for feature '" ~ name ~ "'. Use "
                ~ missing_fill_rules() | join(', ') ~ ".") }}
        {%- endif -%}
        {%- if name in reserved or name in names -%}
            {{ exceptions.raise_compiler_error(
                "event_log: feature name '" ~ name ~ "' is used twice or reserved (" ~ reserved | join(', ')
                ~ "). Give it another `name`.") }}
        {%- endif -%}
        {%- do names.append(name) -%}
        {%- set label = item.get('label') or (name | replace('_', ' ') | trim | capitalize) -%}
        {%- set cluster = item.get('cluster', true) -%}
        {%- do features.append({
            'name': name, 'aggregate': aggregate, 'of': item.get('of'), 'where': item.get('where'),
            'per': per, 'divide_by': item.get('divide_by'),
            'numerator': item.get('numerator'), 'denominator': item.get('denominator'),
            'when_zero': item.get('when_zero', 0),
            'label': label, 'unit': item.get('unit') or '',
            'high_phrase': item.get('high_phrase') or (('high ' ~ phrase_case(label)) if cluster else none),
            'low_phrase': item.get('low_phrase') or (('low ' ~ phrase_case(label)) if cluster else none),
            'transform': 'log1p' if transform == 'log1p' else 'none',
            'winsorize': winsorize, 'missing': missing, 'cluster': cluster,
        }) -%}
    {%- endfor -%}
    {%- for feature in features if feature['aggregate'] == 'ratio' -%}
        {%- for part in ['numerator', 'denominator'] -%}
            {%- set referenced = features | selectattr('name', 'equalto', feature[part]) | list -%}
            {%- if not referenced or referenced[0]['aggregate'] == 'ratio' -%}
                {{ exceptions.raise_compiler_error(
                    "event_log: ratio feature '" ~ feature['name'] ~ "' needs `" ~ part ~ "`: the name of "
                    ~ "another feature (not a ratio), got '" ~ feature[part] ~ "'.") }}
            {%- endif -%}
        {%- endfor -%}
    {%- endfor -%}
    {{ return({
        'path': raw.get('path'), 'relation': raw.get('relation'), 'source': raw.get('source'),
        'delimiter': raw.get('delimiter'), 'header': raw.get('header') is not sameas false,
        'column_names': checked_column_names(raw, 'event_log'),
        'encoding': checked_encoding(raw, 'event_log'),
        'user_id': raw.get('user_id'), 'user_id_type': raw.get('user_id_type') or 'integer',
        'missing_user_ids': checked_missing_user_ids(raw),
        'timestamp': raw.get('timestamp'), 'timestamp_format': raw.get('timestamp_format'),
        'timezone': checked_timezone(raw, 'event_log'),
        'undated': raw.get('undated') is sameas true,
        'event_type': raw.get('event_type'),
        'event_id': raw.get('event_id'),
        'numeric_columns': numeric_columns, 'text_columns': text_columns,
        'numeric_features': features, 'categorical_features': [],
    }) }}
{% endmacro %}

{% macro event_log_aggregates() %}
    {#- The aggregates a feature of var event_log can declare (share is an alias of ratio). -#}
    {{ return(['count', 'sum', 'mean', 'min', 'max', 'distinct_count', 'ratio', 'active_days',
               'recency', 'tenure']) }}
{% endmacro %}

{% macro checked_missing_user_ids(raw) %}
    {#- event_log.missing_user_ids: the user ids that mean no one (a deleted account's -1, a default
        device, a bot), as texts; their rows are quarantined as missing_user_id. -#}
    {%- set ids = raw.get('missing_user_ids') or [] -%}
    {%- if ids is string or ids is mapping or (ids | reject('string') | reject('number') | list) -%}
        {{ exceptions.raise_compiler_error(
            "event_log: missing_user_ids must be a list of user ids that mean no one (e.g. [-1, "
            ~ "'[deleted]']), got " ~ tojson(ids) ~ ".") }}
    {%- endif -%}
    {%- set texts = [] -%}
    {%- for value in ids -%}
        {%- do texts.append(value | string | trim) -%}
    {%- endfor -%}
    {{ return(texts) }}
{% endmacro %}
