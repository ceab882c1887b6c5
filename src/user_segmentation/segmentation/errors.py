"""The error every config check raises: a message that says how to fix the config."""


class ConfigError(ValueError):
    """A segmentation config that cannot run, with a message that says how to fix it."""
