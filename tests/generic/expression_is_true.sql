{% test expression_is_true(model, expression, column_name=None) %}
{#- Fails with every row where the expression is not true (null counts as a failure). -#}
select *
from {{ model }}
where not coalesce(({{ column_name ~ ' ' if column_name }}{{ expression }}), false)
{% endtest %}
