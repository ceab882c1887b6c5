"""Pictures of the segments: the HTML report, its charts and the dashboard.

Parts:

- ``report_data``: the frames read from the marts, shared by report and dashboard.
- ``charts``: figures built from those frames.
- ``report``: the self-contained HTML report and its PNGs.
- ``dashboard``: the Streamlit app on the published marts.
"""
