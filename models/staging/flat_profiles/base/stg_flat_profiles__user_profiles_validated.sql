{#- One row per raw CSV row, typed, with its line (source_row_number) and the first rule it breaks
    in quarantine_reason (null = usable): a row rule (stg_flat_profiles__user_profiles_typed), else
    duplicate_user_id for a later copy of a repeated id (the first usable copy is kept). -#}

{{ validated_rows(
    ref('stg_flat_profiles__user_profiles_typed'),
    ref('stg_flat_profiles__user_profiles_repeated'),
    flat_profile_columns().values() | list,
) }}
