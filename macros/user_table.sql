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
        {%- if derive not in ['none', 'days_since', 'age_from_birth_year'] -%}
            {{ exceptions.raise_compiler_error(
                "user_table: unknown derive '" ~ derive ~ "' for column '" ~ item['column']
                ~ "'. Use days_since (a date or timestamp) or age_from_birth_year (a year).") }}
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
                ('high ' ~ (item.get('label') or name) | lower) if item.get('cluster', true) else none),
            'low_phrase': item.get('low_phrase') or (
                ('low ' ~ (item.get('label') or name) | lower) if item.get('cluster', true) else none),
            'transform': 'log1p' if transform == 'log1p' else 'none',
            'winsorize': winsorize,
            'missing': item.get('missing', 'median') or 'median',
            'derive': derive,
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
        }) -%}
    {%- endfor -%}
    {%- set names = [] -%}
    {%- for feature in numeric + categorical -%}
        {%- if feature['name'] in reserved or feature['name'] in names -%}
            {{ exceptions.raise_compiler_error(
                "user_table: feature name '" ~ feature['name'] ~ "' (column '" ~ feature['column']
                ~ "') is used twice or reserved (" ~ reserved | join(', ') ~ "). Give it another `name`.") }}
        {%- endif -%}
        {%- do names.append(feature['name']) -%}
    {%- endfor -%}
    {{ return({
        'path': raw.get('path'), 'relation': raw.get('relation'), 'source': raw.get('source'),
        'delimiter': raw.get('delimiter'), 'id_column': raw.get('id_column'),
        'id_type': raw.get('id_type') or 'auto',
        'min_category_rows': raw.get('min_category_rows', var('min_cell_size')),
        'numeric_features': numeric, 'categorical_features': categorical,
    }) }}
{% endmacro %}

{% macro user_table_column_name(column) %}
    {#- A column-safe snake_case name for a raw column header (same rule as
        user_segmentation.segmentation.table_config.column_name). -#}
    {%- set name = modules.re.sub('[^a-z0-9]+', '_', column | string | lower).strip('_') -%}
    {%- if not name or name[0] in '0123456789' -%}
        {%- set name = 'f_' ~ name -%}
    {%- endif -%}
    {{ return(name) }}
{% endmacro %}

{% macro validate_user_table() %}
    {#- Stops the build with a message naming the missing setting when user_source is table. -#}
    {%- set config = user_table_config() -%}
    {%- set example = "--vars \"$(cat my_table.yml)\" (see `user-segmentation scaffold`)" -%}
    {%- if not (config['path'] or config['relation'] or config['source']) -%}
        {{ exceptions.raise_compiler_error(
            "user_source is 'table' but var user_table names no input: set user_table.path (a CSV or Parquet "
            ~ "file), user_table.relation (a model of your project) or user_table.source ([source, table]); "
            ~ example ~ ".") }}
    {%- endif -%}
    {%- if not config['id_column'] -%}
        {{ exceptions.raise_compiler_error("user_table.id_column is not set: name the column that identifies a user.") }}
    {%- endif -%}
    {%- if config['id_type'] not in ['auto', 'integer', 'text'] -%}
        {{ exceptions.raise_compiler_error(
            "user_table.id_type is '" ~ config['id_type'] ~ "': use integer, text or auto (integer when "
            ~ "every id is a whole number).") }}
    {%- endif -%}
    {%- if not config['numeric_features'] | selectattr('cluster') | list -%}
        {{ exceptions.raise_compiler_error(
            "user_table names no numeric feature to cluster on: list at least one in "
            ~ "user_table.numeric_features (without cluster: false).") }}
    {%- endif -%}
{% endmacro %}

{% macro user_table_relation() %}
    {#- The relation the table input reads: a model of the host project (`relation`), a source
        (`source: [source_name, table_name]`), or the file source `user_table.users` (`path`). -#}
    {%- set config = user_table_config() -%}
    {%- if config['relation'] -%}
        {%- set parts = config['relation'].split('.') -%}
        {%- if parts | length == 2 -%}
            {{ return(ref(parts[0], parts[1])) }}
        {%- endif -%}
        {{ return(ref(config['relation'])) }}
    {%- elif config['source'] -%}
        {{ return(source(config['source'][0], config['source'][1])) }}
    {%- endif -%}
    {{ return(source('user_table', 'users')) }}
{% endmacro %}

{% macro sql_text(value) %}
    {#- A varchar literal of value (quotes doubled), or a typed null. -#}
    {%- if value is none -%}
        cast(null as {{ dbt.type_string() }})
    {%- else -%}
        '{{ value | string | replace("'", "''") }}'
    {%- endif -%}
{% endmacro %}
