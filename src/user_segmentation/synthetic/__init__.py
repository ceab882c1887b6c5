"""Data made here, with answer keys: the demo log, example customer tables and planted faults.

Parts:

- ``personas``: the planted personas and the demographic categories they skew (data only).
- ``demo_data``: the generator of the demo events and users from those personas (ground truth
  kept apart).
- ``example_tables``: customer tables of other shapes (mall, shop, wide) with their groups.
- ``fault_injection``: bad rows planted into inputs, with the answer key the fault tests read.
- ``flat_profiles``: the notebook's flat CSV at any number of users (the user-grain bench).
"""

from user_segmentation.synthetic.demo_data import generate_demo_data
from user_segmentation.synthetic.example_tables import write_example_tables
from user_segmentation.synthetic.fault_injection import inject_profile_faults, inject_row_faults
from user_segmentation.synthetic.flat_profiles import write_flat_profiles_csv

__all__ = [
    "generate_demo_data",
    "inject_profile_faults",
    "inject_row_faults",
    "write_example_tables",
    "write_flat_profiles_csv",
]
