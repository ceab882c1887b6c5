{% macro set_fingerprint(expression) %}
    {#- An aggregate that sums a 64-bit hash of expression over the rows: two sets of values are
        equal when their counts and fingerprints are (unless 64-bit hashes collide), and one scan
        of each table finds it, where comparing them row by row joins every value. -#}
    {{ return(adapter.dispatch('set_fingerprint', 'user_segmentation')(expression)) }}
{% endmacro %}

{% macro duckdb__set_fingerprint(expression) -%}
    sum(hash({{ expression }}))
{%- endmacro %}

{% macro default__set_fingerprint(expression) -%}
    sum(cast(xxhash64({{ expression }}) as decimal(38, 0)))
{%- endmacro %}

{% macro set_summary(relation, expression, where=none) %}
    {#- A select of one row: the rows of relation (those matching where, if given) as `members`
        and their set_fingerprint of expression as `fingerprint`, for a test that compares two
        sets in one scan of each. -#}
    select
        count(*) as members,
        {{ set_fingerprint(expression) }} as fingerprint
    from {{ relation }}
    {% if where %}where {{ where }}{% endif %}
{%- endmacro %}
