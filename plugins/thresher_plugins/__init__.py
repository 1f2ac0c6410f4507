"""thresher's first-party plugins.

Each module is one plugin, registered under the short name in
``thresher.plugins.BUILTIN_PLUGINS``. They import only the public ``thresher``
API, exactly as a third-party plugin would, so they double as examples.
"""
