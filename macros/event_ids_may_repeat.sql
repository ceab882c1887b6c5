{% macro event_ids_may_repeat(typed_events) %}
    {#- False only when the event ids of the rows that pass the row rules are provably all distinct,
        so stg_app__events_repeated can skip grouping every id (the costliest query of a large
        build). True when unsure: while parsing, in unit tests, before the typed view exists (lint),
        on other engines, or for ids spread over too wide a range to count by bitmap. -#}
    {{- return(adapter.dispatch('event_ids_may_repeat', 'user_segmentation')(typed_events)) -}}
{% endmacro %}

{% macro default__event_ids_may_repeat(typed_events) %}
    {{- return(true) -}}
{% endmacro %}

{% macro duckdb__event_ids_may_repeat(typed_events) %}
    {#- One bit per possible id: the ids are distinct when the bits set equal the ids counted. The
        bits come in blocks of 2^24 (one bitstring per block), so any id range up to
        max_bitmap_ids costs one pass without hashing 100M ids, at most max_bitmap_ids / 8 bytes.
        Every parsed id is counted first: that reads one column, while the rows that pass the row
        rules need every column and the rules (5x slower at 100M rows). When all ids are distinct,
        so are those of any subset; only when some id repeats are the rule-passing rows counted. -#}
    {%- set max_bitmap_ids = 4294967296 %}
    {%- if not execute or model.resource_type != 'model' or load_relation(typed_events) is none %}
        {{- return(true) -}}
    {%- endif %}
    {%- set bounds = run_query('select min(event_id), max(event_id) from ' ~ typed_events).rows[0] %}
    {%- if bounds[0] is none %}
        {{- return(false) -}}
    {%- endif %}
    {%- if bounds[1] - bounds[0] >= max_bitmap_ids %}
        {{- return(true) -}}
    {%- endif %}
    {%- if _event_ids_distinct(typed_events, bounds[0], 'event_id is not null') %}
        {{- return(false) -}}
    {%- endif %}
    {{- return(not _event_ids_distinct(typed_events, bounds[0], 'row_rule_broken is null')) -}}
{% endmacro %}

{% macro _event_ids_distinct(typed_events, lowest_id, row_filter) %}
    {%- set block_bits = 16777216 %}
    {%- set count_query %}
        with

        ids as (
            select event_id - {{ lowest_id }} as id_offset
            from {{ typed_events }}
            where {{ row_filter }}
        ),

        blocks as (
            select
                count(*) as ids,
                bit_count(bitstring_agg(id_offset % {{ block_bits }}, 0, {{ block_bits - 1 }})) as distinct_ids
            from ids
            group by id_offset // {{ block_bits }}
        )

        select coalesce(sum(ids), 0) = coalesce(sum(distinct_ids), 0) from blocks
    {%- endset %}
    {{- return(run_query(count_query).rows[0][0]) -}}
{% endmacro %}
