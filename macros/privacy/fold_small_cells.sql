{% macro fold_small_cells(cells, group_columns, category_columns, sum_columns=[], users_column='users', named_after_largest=none) %}
    {#- Privacy for segment-level tables: every published cell counts at least var min_cell_size
        users. Within each group (group_columns, e.g. a segment and an attribute), cells under the
        minimum are merged into one Other cell (category_columns: {column: Other value}); if that
        Other cell is still under the minimum, the smallest cell at or above it (an existing Other
        first) is merged in too, so Other reaches the minimum; a group whose cells together stay
        under it is left out. Merging a cell the group could derive (total minus the other cells)
        is the point: dropping only the small cell would let anyone recompute it from the
        segment's size. Sums users and sum_columns; shares computed afterwards still add up to 1.
        cells: a CTE or relation name with one row per cell. named_after_largest: a category
        column whose merged cell, when it took in a cell at or above the minimum, is named after
        the largest one it took in ('yes or other', not 'Other'): a segment 99.8% smokers showed
        only Other, and its smoking went unseen (the name gives no count away). -#}
    {%- set minimum = var('min_cell_size') -%}
    {%- set partition = group_columns | join(', ') if group_columns else '1' -%}
    {%- set category_names = category_columns.keys() | list -%}
    {%- set first_category = category_names[0] -%}
    with cells_flagged as (
        select
            *,
            {{ users_column }} < {{ minimum }} as is_small_cell,
            sum(case when {{ users_column }} < {{ minimum }} then {{ users_column }} else 0 end)
                over (partition by {{ partition }}) as small_cell_users,
            count(case when {{ users_column }} >= {{ minimum }} then 1 end)
                over (partition by {{ partition }}) as large_cells,
            row_number() over (
                partition by {{ partition }}, {{ users_column }} < {{ minimum }}
                order by
                    case when {{ first_category }} = {{ category_columns[first_category] }} then 0 else 1 end,
                    {{ users_column }},
                    {{ category_names | join(', ') }}
            ) as size_rank
        from {{ cells }}
    ),

    cells_labelled as (
        select
            *,
            is_small_cell
            or (small_cell_users > 0 and small_cell_users < {{ minimum }} and size_rank = 1)
                as is_folded
        from cells_flagged
        where not (large_cells = 0 and small_cell_users < {{ minimum }})
    ),

    cells_named as (
        select
            *
            {%- if named_after_largest %},
            max(case when is_folded and not is_small_cell then 1 else 0 end)
                over (partition by {{ partition }}) as folded_a_large_cell,
            first_value({{ named_after_largest }}) over (
                partition by {{ partition }}, is_folded
                order by {{ users_column }} desc, {{ named_after_largest }}
            ) as largest_folded
            {%- endif %}
        from cells_labelled
    )

    select
        {% for column in group_columns %}{{ column }},{% endfor %}
        {% for column, other_value in category_columns.items() -%}
            {{ folded_cell_name(column, other_value, named_after_largest) }} as {{ column }},
        {% endfor -%}
        {% for column in sum_columns %}sum({{ column }}) as {{ column }},{% endfor %}
        {% if named_after_largest -%}
            {#- The category a merged cell is named after (null for other cells). -#}
            max(case
                when is_folded and folded_a_large_cell = 1
                    and largest_folded <> {{ category_columns[named_after_largest] }}
                    then largest_folded
            end) as named_after,
        {% endif -%}
        cast(sum({{ users_column }}) as bigint) as {{ users_column }}
    from cells_named
    group by
        {% for column in group_columns %}{{ column }},{% endfor %}
        {% for column, other_value in category_columns.items() -%}
            {{ folded_cell_name(column, other_value, named_after_largest) }}{% if not loop.last %},{% endif %}
        {% endfor %}
{% endmacro %}

{% macro folded_cell_name(column, other_value, named_after_largest) %}
    {%- if column == named_after_largest -%}
        case
            when not is_folded then {{ column }}
            {# Not "Other or other": the largest cell it took in was Other already. #}
            when folded_a_large_cell = 1 and largest_folded <> {{ other_value }}
                then {{ dbt.concat(['largest_folded', "' or other'"]) }}
            else {{ other_value }}
        end
    {%- else -%}
        case when is_folded then {{ other_value }} else {{ column }} end
    {%- endif -%}
{% endmacro %}
