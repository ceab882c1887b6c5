{% macro raw_id_kept(raw_user_id='raw_user_id', user_id='user_id') %}
    {#- An id's raw text only where it is not the id as text (a malformed or padded id, 007):
        10M copies of the ids took 1.4 s of a 10M-row parse; validated_rows restores the rest. -#}
    case
        when {{ user_id }} is null or cast({{ user_id }} as {{ dbt.type_string() }}) != {{ raw_user_id }}
            then {{ raw_user_id }}
    end
{%- endmacro %}
