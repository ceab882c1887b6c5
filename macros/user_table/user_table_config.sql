{% macro user_table_config() %}
    {#- The var `user_table`, normalised: every feature gets a column-safe `name`, a label, a
        transform, optional winsorize quantiles, a missing-value rule and whether it is clustered.
        Stops the build with the fix when the config cannot work. -#}
    {%- set raw = var('user_table', {}) or {} -%}
    {%- if raw is string -%}
        {%- set raw = fromyaml(raw) -%}
    {%- endif -%}
    {%- set reserved = ['user_id', 'interests', 'last_seen_at', 'segment_id', 'run_id'] -%}
    {%- set numeric = [] -%}
    {%- set categorical = [] -%}
    {%- for item in raw.get('numeric_features', []) or [] -%}
        {%- set item = {'column': item} if item is string else item -%}
        {%- set name = item.get('name') or user_table_column_name(item['column']) -%}
        {%- set transform = item.get('transform', 'none') or 'none' -%}
        {%- if transform not in ['none', 'log1p', 'winsorize'] -%}
            {{ exceptions.raise_compiler_error(
                "user_table: unknown transform '" ~ transform ~ "' for column '" ~ item['column']
                ~ "'. Use none, log1p or winsorize (and winsorize: [low, high] quantiles).") }}
        {%- endif -%}
        {%- set derive = item.get('derive') or 'none' -%}
        {%- if derive not in ['none', 'days_since', 'years_since', 'age_from_birth_year', 'rank'] -%}
            {{ exceptions.raise_compiler_error(
                "user_table: unknown derive '" ~ derive ~ "' for column '" ~ item['column']
                ~ "'. Use days_since or years_since (a date or timestamp), age_from_birth_year (a year) or rank "
                ~ "(the position of a text answer in the feature's order).") }}
        {%- endif -%}
        {%- set order = item.get('order') or [] -%}
        {%- if (derive == 'rank') != (order | length > 0) or order is string -%}
            {{ exceptions.raise_compiler_error(
                "user_table: column '" ~ item['column'] ~ "' needs both derive: rank and order: [its "
                ~ "values from lowest to highest], e.g. [Disagree, Neutral, Agree].") }}
        {%- endif -%}
        {%- set number_format = checked_number_format(item, 'user_table') -%}
        {%- set missing_values = item.get('missing_values') or [] -%}
        {%- if missing_values is string or missing_values is mapping
            or (missing_values | reject(('string' if derive == 'rank' else 'number')) | list) -%}
            {{ exceptions.raise_compiler_error(
                "user_table: missing_values of column '" ~ item['column'] ~ "' must be a list of numbers"
                ~ " that mean 'unknown' (e.g. [999] or [-1]), or with derive: rank of the answers that"
                ~ " are not on the scale (e.g. [\"Don't know\"]), got " ~ tojson(missing_values) ~ ".") }}
        {%- endif -%}
        {%- set missing = item.get('missing', 'median') or 'median' -%}
        {%- if missing not in missing_fill_rules() -%}
            {{ exceptions.raise_compiler_error(
                "user_table: unknown missing rule '" ~ missing ~ "' for column '" ~ item['column']
                ~ "'. Use " ~ missing_fill_rules() | join(', ') ~ ".") }}
        {%- endif -%}
        {%- set value_range = item.get('range') -%}
        {%- if value_range is not none and (value_range is string or value_range | length != 2) -%}
            {{ exceptions.raise_compiler_error(
                "user_table: range of column '" ~ item['column'] ~ "' must be [min, max] (null for no bound).") }}
        {%- endif -%}
        {%- set winsorize = item.get('winsorize') -%}
        {%- if transform == 'winsorize' and not winsorize -%}
            {%- set winsorize = [0.01, 0.99] -%}
        {%- endif -%}
        {%- do numeric.append({
            'column': item['column'], 'name': name,
            'label': item.get('label') or item['column'],
            'unit': item.get('unit') or '',
            'high_phrase': item.get('high_phrase') or (
                ('high ' ~ phrase_case(item.get('label') or name)) if item.get('cluster', true) else none),
            'low_phrase': item.get('low_phrase') or (
                ('low ' ~ phrase_case(item.get('label') or name)) if item.get('cluster', true) else none),
            'transform': 'log1p' if transform == 'log1p' else 'none',
            'winsorize': winsorize,
            'missing': missing,
            'derive': derive,
            'order': order,
            'scale_answers': scale_answers_of(order),
            'format': item.get('format'),
            'number_format': number_format,
            'missing_values': missing_values,
            'range': value_range,
            'cluster': item.get('cluster', true),
        }) -%}
    {%- endfor -%}
    {%- for item in raw.get('categorical_features', []) or [] -%}
        {%- set item = {'column': item} if item is string else item -%}
        {%- set name = item.get('name') or user_table_column_name(item['column']) -%}
        {%- do categorical.append({
            'column': item['column'], 'name': name,
            'label': item.get('label') or item['column'],
            'order': item.get('order') or [],
            'cluster': item.get('cluster', false),
            'fold_case': item.get('fold_case', false),
            'keep_values': item.get('keep_values') or [],
        }) -%}
    {%- endfor -%}
    {%- set names = [] -%}
    {%- for feature in numeric + categorical -%}
        {%- if feature['name'] in reserved or feature['name'] in names -%}
            {{ exceptions.raise_compiler_error(
                "user_table: feature name '" ~ feature['name'] ~ "' (column '" ~ feature['column']
                ~ "') is used twice or reserved (" ~ reserved | join(', ') ~ "). Give it another `name`.") }}
        {%- endif -%}
        {%- if user_table_column_name(feature['name']) != feature['name'] -%}
            {{ exceptions.raise_compiler_error(
                "user_table: feature name '" ~ feature['name'] ~ "' (column '" ~ feature['column']
                ~ "') must be snake_case (a-z, 0-9, _) and not an SQL keyword; e.g. '"
                ~ user_table_column_name(feature['name']) ~ "'.") }}
        {%- endif -%}
        {%- do names.append(feature['name']) -%}
    {%- endfor -%}
    {{ return({
        'path': raw.get('path'), 'relation': raw.get('relation'), 'source': raw.get('source'),
        'delimiter': raw.get('delimiter'), 'header': raw.get('header') is not sameas false,
        'column_names': checked_column_names(raw, 'user_table'),
        'encoding': checked_encoding(raw, 'user_table'),
        'id_column': raw.get('id_column'), 'row_ids': raw.get('row_ids') is sameas true,
        'id_type': raw.get('id_type') or 'auto',
        'min_category_rows': raw.get('min_category_rows', var('min_cell_size')),
        'numeric_features': numeric, 'categorical_features': categorical,
    }) }}
{% endmacro %}

{% macro user_table_has_dated_features() %}
    {#- Whether the build reads a user table with a `days_since` or `years_since` feature: its
        as-of date is then the day those features are measured at, not the build date. -#}
    {%- if var('user_source') != 'table' -%}
        {{ return(false) }}
    {%- endif -%}
    {%- set numeric = user_table_config()['numeric_features'] -%}
    {{ return(numeric | selectattr('derive', 'in', ['days_since', 'years_since']) | list | length > 0) }}
{% endmacro %}

{% macro scale_answers_of(order) %}
    {#- One answer per level of a rank feature's `order` (a level written two ways: its first). -#}
    {%- set answers = [] -%}
    {%- for level in order -%}
        {%- do answers.append((level if level is string or level is number else level[0]) | string) -%}
    {%- endfor -%}
    {{ return(answers) }}
{% endmacro %}
