"""The Streamlit dashboard on the published marts (`user-segmentation dashboard`)."""

from pathlib import Path

#: The Streamlit script; run it with `user-segmentation dashboard`.
APP_PATH = Path(__file__).with_name("app.py")

#: Environment variable that tells the app which publish folder to read.
PUBLISH_DIR_ENV = "USER_SEGMENTATION_PUBLISH_DIR"
