"""regiohub core: model, configuration, plugins, store, index, HTTP client and CLI."""

__version__ = "0.1.0"
